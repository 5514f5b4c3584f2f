#include "tests/support/smtp_receiver.h"

#include <signal.h>
#include <stdlib.h>

#include <stdexcept>

#include "tests/support/child_process.h"

namespace ombudsflow::testing {

std::unique_ptr<SmtpReceiver> SmtpReceiver::Start() {
  std::unique_ptr<SmtpReceiver> receiver(new SmtpReceiver());
  char folder[] = "/tmp/ombudsflow-smtp-XXXXXX";
  if (mkdtemp(folder) == nullptr) throw std::runtime_error("cannot make the SMTP receiver's folder");
  receiver->folder_ = folder;
  // Debian's python3, which has python3-aiosmtpd (a python3 earlier on PATH may not).
  const ListeningChild child = StartListeningChild(
      {"/usr/bin/python3", std::string(OMBUDSFLOW_TEST_SUPPORT_DIR) + "/smtp_receiver.py", receiver->folder_.string()},
      (receiver->folder_ / "receiver.log").string(), "is python3-aiosmtpd installed? deploy/test.sh installs it");
  receiver->pid_ = child.pid;
  receiver->port_ = static_cast<unsigned short>(std::stoi(child.listening));
  return receiver;
}

SmtpReceiver::~SmtpReceiver() {
  StopChild(pid_, SIGINT);
  std::error_code ignored;
  std::filesystem::remove_all(folder_, ignored);
}

}  // namespace ombudsflow::testing
