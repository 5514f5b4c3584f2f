#pragma once

#include <string>

namespace ombudsflow::testing {

/// A PDF's objects uncompressed (qpdf --qdf), to read its catalogue: its
/// structure tree, language and title (PDF/UA).
[[nodiscard]] std::string PdfStructure(const std::string& pdf_bytes);

/// A PDF's text as a reader copies it (poppler's pdftotext).
[[nodiscard]] std::string PdfText(const std::string& pdf_bytes);

}  // namespace ombudsflow::testing
