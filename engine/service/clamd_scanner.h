#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "engine/core/base/error.h"

namespace ombudsflow::service {

/// What ClamAV's daemon said of a document's bytes.
struct ScanVerdict {
  bool infected = false;
  std::string signature;  // the signature that matched, when infected
};

/// Scans bytes with ClamAV's daemon (clamd) over its local socket, by its
/// INSTREAM command: chunk by chunk, so a large file is never held whole.
/// Only "OK" makes bytes clean and only "FOUND" infected; anything else
/// (clamd down, slow, over its StreamMaxLength, a scan error) is
/// kUnavailable, so a document waits for a scan rather than pass unscanned.
/// Blocking; one connection per scan, so it is safe from any thread.
class ClamdScanner {
 public:
  ClamdScanner(std::string socket_path, std::chrono::milliseconds timeout)
      : socket_path_(std::move(socket_path)), timeout_(timeout) {}

  /// Scans what `next` yields, chunk after chunk, until it yields nothing.
  [[nodiscard]] Result<ScanVerdict> Scan(const std::function<std::string_view()>& next) const;
  [[nodiscard]] Result<ScanVerdict> Scan(std::string_view bytes) const;

  /// Whether clamd answers (PING): it opens its socket only once its
  /// signatures are loaded, so an answer means it is ready to scan.
  [[nodiscard]] Result<void> Ping() const;

 private:
  std::string socket_path_;
  std::chrono::milliseconds timeout_;
};

}  // namespace ombudsflow::service
