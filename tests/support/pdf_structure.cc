#include "tests/support/pdf_structure.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ombudsflow::testing {

namespace {

// Runs `program` on the PDF in a folder of its own; what it wrote to out.
std::string RunOnPdf(const std::string& pdf_bytes, const std::string& program, const std::string& arguments) {
  char folder[] = "/tmp/ombudsflow-pdf-XXXXXX";
  if (mkdtemp(folder) == nullptr) throw std::runtime_error("cannot make a folder for " + program);
  const std::filesystem::path in = std::filesystem::path(folder) / "in.pdf";
  const std::filesystem::path out = std::filesystem::path(folder) / "out";
  std::ofstream(in, std::ios::binary) << pdf_bytes;
  const std::string command = program + " " + arguments + " '" + in.string() + "' '" + out.string() + "'";
  const int status = std::system(command.c_str());
  std::ifstream read(out, std::ios::binary);
  std::ostringstream text;
  text << read.rdbuf();
  std::filesystem::remove_all(folder);
  if (status != 0) throw std::runtime_error(program + " failed: " + command);
  return text.str();
}

}  // namespace

std::string PdfStructure(const std::string& pdf_bytes) {
  return RunOnPdf(pdf_bytes, "qpdf", "--qdf --object-streams=disable");
}

std::string PdfText(const std::string& pdf_bytes) { return RunOnPdf(pdf_bytes, "pdftotext", "-enc UTF-8"); }

}  // namespace ombudsflow::testing
