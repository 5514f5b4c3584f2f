#pragma once

#include <span>
#include <string>
#include <string_view>

#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow {

/// One of the office's communication products (seed 004): what drives it,
/// what it is called, where it is published and who gets it by default.
struct ProductKind {
  std::string_view kind;          // as stored: "newsletter", "press_release", "klarret", "annual_report"
  std::string_view workflow;      // the definition that takes it from composition to release
  v1::WorkflowSubject subject;    // which that definition must declare
  std::string_view title_da;      // "Nyhedsbrev", "Pressemeddelelse", "KlarRet", "Beretning"
  std::string_view name_da;       // in a sentence: "nyhedsbrevet", "pressemeddelelsen"
  std::string_view public_path;   // under the public site: "nyhedsbrev", "presse", "klarret", "beretning"
  bool to_subscribers = false;    // goes to the newsletter's subscribers unless the office says otherwise
  bool has_document = false;      // published as a PDF/UA document as well as a page
  bool has_period = false;        // covers a period (an edition's months, the reporting year)
};

/// Every kind, the newsletter first.
[[nodiscard]] std::span<const ProductKind> ProductKinds();
/// The kind named `kind`; nullptr for none.
[[nodiscard]] const ProductKind* FindProductKind(std::string_view kind);
/// "Nyhedsbrev nr. 3", "Beretning 2026" (a report is named by its year).
[[nodiscard]] std::string ProductTitle(const ProductKind& kind, int number, std::string_view period_from);

}  // namespace ombudsflow
