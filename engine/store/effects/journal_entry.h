#pragma once

#include <string_view>

#include "engine/store/effects/effect_writer.h"

namespace ombudsflow::store {

/// The journal writer's rows (journal_writer.cc).
inline constexpr std::string_view kJournalRows = "journal";

/// Registers `document` (hashed, never stored) in the case's journal: for
/// writers whose effect is also a document sent or received.
void AddJournalEntry(EffectRows& rows, std::string_view direction, std::string_view counterpart, std::string_view kind,
                     std::string_view subject, std::string_view document);

}  // namespace ombudsflow::store
