#include "tests/support/pdf_structure.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ombudsflow::testing {

std::string PdfStructure(const std::string& pdf_bytes) {
  char folder[] = "/tmp/ombudsflow-pdf-XXXXXX";
  if (mkdtemp(folder) == nullptr) throw std::runtime_error("cannot make a folder for qpdf");
  const std::filesystem::path in = std::filesystem::path(folder) / "in.pdf";
  const std::filesystem::path out = std::filesystem::path(folder) / "out.qdf";
  std::ofstream(in, std::ios::binary) << pdf_bytes;
  const std::string command = "qpdf --qdf --object-streams=disable '" + in.string() + "' '" + out.string() + "'";
  const int status = std::system(command.c_str());
  std::ifstream read(out, std::ios::binary);
  std::ostringstream text;
  text << read.rdbuf();
  std::filesystem::remove_all(folder);
  if (status != 0) throw std::runtime_error("qpdf failed: " + command);
  return text.str();
}

}  // namespace ombudsflow::testing
