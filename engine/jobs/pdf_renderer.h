#pragma once

#include <chrono>
#include <string>

#include "engine/core/base/error.h"

namespace ombudsflow::jobs {

/// Renders a letter's HTML document as an accessible PDF.
class PdfRenderer {
 public:
  virtual ~PdfRenderer() = default;
  /// The PDF's bytes; kUnavailable when rendering failed (the job retries).
  [[nodiscard]] virtual Result<std::string> Render(const std::string& html) = 0;
};

/// WeasyPrint (Debian's `weasyprint`) as PDF/UA-1: a tagged structure, the
/// document's language and title. Runs it as a child process on files in a
/// private temporary folder, killed after `timeout`.
class WeasyPrintRenderer : public PdfRenderer {
 public:
  explicit WeasyPrintRenderer(std::string program = "weasyprint",
                              std::chrono::seconds timeout = std::chrono::seconds(60))
      : program_(std::move(program)), timeout_(timeout) {}
  [[nodiscard]] Result<std::string> Render(const std::string& html) override;

 private:
  std::string program_;
  std::chrono::seconds timeout_;
};

}  // namespace ombudsflow::jobs
