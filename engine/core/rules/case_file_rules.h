#pragma once

#include "engine/core/workflow/rule_registry.h"

namespace ombudsflow {

/// The rules on documents of the case's file that a transition's input
/// names by document number (a DOCUMENT input):
///   guard `document_on_case` (fact; optional direction, from, clean): the
///     number is one of the case's uploaded documents, which came in
///     (`direction`), from the case's department or the citizen (`from`),
///     and, with clean "true", has been scanned clean;
///   action `share_document` (fact, audience): shares it with the
///     department or the citizen (DocumentShared); never narrows it.
/// `queue_letter`'s argument `enclose` (a fact naming a document) is read
/// by EnclosuresOf.
void AddCaseFileRules(RuleRegistry& registry);

/// The document numbers a letter encloses: the fact named by the action's
/// `enclose` argument, when it has one. An error when that fact is not a
/// document number.
[[nodiscard]] Result<std::vector<std::int32_t>> EnclosuresOf(const CallArgs& args, const v1::Complaint& after);

}  // namespace ombudsflow
