#include "engine/service/spool_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace ombudsflow::service {

Result<SpoolFile> SpoolFile::Create(const std::string& directory) {
  const int descriptor = ::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (descriptor < 0) {
    return std::unexpected(
        Unavailable("cannot make a spool file in " + directory + ": " + std::strerror(errno)));
  }
  return SpoolFile(descriptor);
}

SpoolFile::SpoolFile(SpoolFile&& other) noexcept
    : descriptor_(std::exchange(other.descriptor_, -1)), size_(std::exchange(other.size_, 0)) {}

SpoolFile& SpoolFile::operator=(SpoolFile&& other) noexcept {
  if (this != &other) {
    if (descriptor_ >= 0) ::close(descriptor_);
    descriptor_ = std::exchange(other.descriptor_, -1);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

SpoolFile::~SpoolFile() {
  if (descriptor_ >= 0) ::close(descriptor_);
}

int SpoolFile::Release() {
  size_ = 0;
  return std::exchange(descriptor_, -1);
}

Result<void> SpoolFile::Append(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::pwrite(descriptor_, bytes.data(), bytes.size(), static_cast<off_t>(size_));
    if (written < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(Unavailable(std::string("cannot write a spool file: ") + std::strerror(errno)));
    }
    size_ += static_cast<std::uint64_t>(written);
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return {};
}

Result<std::string> SpoolFile::ReadAt(std::uint64_t offset, std::size_t length) const {
  std::string bytes;
  if (offset >= size_) return bytes;
  bytes.resize(static_cast<std::size_t>(std::min<std::uint64_t>(length, size_ - offset)));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t got = ::pread(descriptor_, bytes.data() + done, bytes.size() - done,
                                static_cast<off_t>(offset + done));
    if (got < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(Unavailable(std::string("cannot read a spool file: ") + std::strerror(errno)));
    }
    if (got == 0) break;
    done += static_cast<std::size_t>(got);
  }
  bytes.resize(done);
  return bytes;
}

}  // namespace ombudsflow::service
