#include "engine/jobs/audit_anchor_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <vector>

namespace ombudsflow::jobs {
namespace {

// How much of the file's end a server reads to go on from it: a line holds
// at most heads_per_line heads (about 110 bytes each), and a checkpoint's
// last line, which says where the next one reads from, is the file's last.
constexpr off_t kTail = 4 * 1024 * 1024;

std::string Why() { return std::error_code(errno, std::generic_category()).message(); }

Error FileError(const std::string& path, const std::string& what) {
  return MakeError(ErrorCode::kFailedPrecondition, "the audit anchor " + path + " " + what);
}

}  // namespace

AuditAnchorWriter::AuditAnchorWriter(store::AuditAnchorStore& store, const Clock& clock, Options options, int fd)
    : store_(store), clock_(clock), options_(std::move(options)), fd_(fd),
      job_("audit anchor", options_.interval, [this]() -> Result<bool> {
        auto written = Checkpoint();
        if (!written) return std::unexpected(written.error());
        return false;
      }) {}

AuditAnchorWriter::~AuditAnchorWriter() {
  job_.Stop();
  ::close(fd_);
}

Result<std::unique_ptr<AuditAnchorWriter>> AuditAnchorWriter::Open(store::AuditAnchorStore& store, const Clock& clock,
                                                                   Options options) {
  const std::string path = options.path;
  const int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return std::unexpected(FileError(path, "cannot be opened: " + Why()));
  std::unique_ptr<AuditAnchorWriter> writer(new AuditAnchorWriter(store, clock, std::move(options), fd));
  struct stat status {};
  if (::fstat(fd, &status) != 0) return std::unexpected(FileError(path, "cannot be read: " + Why()));
  if (status.st_size == 0) return writer;

  const off_t start = std::max<off_t>(0, status.st_size - kTail);
  std::string tail(static_cast<std::size_t>(status.st_size - start), '\0');
  if (::pread(fd, tail.data(), tail.size(), start) != static_cast<ssize_t>(tail.size())) {
    return std::unexpected(FileError(path, "cannot be read: " + Why()));
  }
  if (tail.back() != '\n') {
    return std::unexpected(FileError(path, "ends in an incomplete line (a write that failed half way): "
                                           "give the server a new file and keep this one for audit verify"));
  }
  // The complete lines of the tail, newest first.
  std::vector<std::string_view> lines;
  std::string_view rest(tail);
  rest.remove_suffix(1);
  while (!rest.empty()) {
    const std::size_t cut = rest.rfind('\n');
    if (cut == std::string_view::npos) {
      if (start == 0) lines.push_back(rest);  // otherwise cut short by the tail's start
      break;
    }
    lines.push_back(rest.substr(cut + 1));
    rest = rest.substr(0, cut);
  }
  const auto& key = writer->options_.key.public_key;
  auto last = lines.empty() ? std::unexpected(InvalidArgument("no line")) : service::ReadCheckpoint(lines.front(), key);
  if (!last) {
    return std::unexpected(FileError(path, "ends in a line this key did not sign (" + last.error().message +
                                           "): give the server a new file and keep this one for audit verify"));
  }
  writer->number_ = last->checkpoint.number;
  writer->previous_ = last->digest;
  // From where the newest complete checkpoint left off; without one in the
  // tail, every case again.
  for (const std::string_view line : lines) {
    auto read = service::ReadCheckpoint(line, key);
    if (read && read->checkpoint.resume_from) {
      writer->since_ = *read->checkpoint.resume_from;
      break;
    }
  }
  return writer;
}

Result<void> AuditAnchorWriter::Append(service::AnchorCheckpoint checkpoint) {
  checkpoint.number = number_ + 1;
  checkpoint.previous = previous_;
  const service::SignedCheckpoint signed_line = service::SignCheckpoint(checkpoint, options_.key);
  const std::string text = signed_line.line + "\n";
  // One write of the whole line: with O_APPEND it lands at the end at once.
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t wrote = ::write(fd_, text.data() + done, text.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) {
      broken_ = done > 0;
      return std::unexpected(FileError(options_.path, "cannot be written: " + Why()));
    }
    done += static_cast<std::size_t>(wrote);
  }
  number_ = checkpoint.number;
  previous_ = signed_line.digest;
  return {};
}

Result<std::size_t> AuditAnchorWriter::Checkpoint() {
  std::lock_guard lock(mutex_);
  if (broken_) {
    return std::unexpected(FileError(options_.path, "ends in an incomplete line after a failed write: restart "
                                                    "the server with a new file"));
  }
  const Timestamp at = clock_.Now();
  std::size_t written = 0;
  service::AnchorCheckpoint line;
  line.at = at;
  const int per_line = std::max(1, options_.heads_per_line);
  auto next = store_.HeadsChangedSince(since_, per_line, [&](std::vector<store::ChangedHead>& page) -> Result<void> {
    for (store::ChangedHead& changed : page) {
      // Read again only because the last checkpoint could not yet tell
      // whether a transaction that had not ended changed it.
      auto seen = recent_.find(changed.head.complaint_id);
      if (seen != recent_.end() && seen->second.seq == changed.head.seq && seen->second.hash == changed.head.hash) {
        continue;
      }
      recent_[changed.head.complaint_id] = {changed.head.seq, changed.head.hash, changed.changed_by};
      line.heads.push_back(std::move(changed.head));
      if (static_cast<int>(line.heads.size()) == per_line) {
        if (auto appended = Append(line); !appended) return appended;
        written += line.heads.size();
        line.heads.clear();
      }
    }
    return {};
  });
  if (!next) return std::unexpected(next.error());
  // The last line says where the next checkpoint reads from; it is written
  // whenever anything was, and always as a file's first.
  if (written > 0 || !line.heads.empty() || number_ == 0) {
    line.resume_from = *next;
    if (auto appended = Append(line); !appended) return std::unexpected(appended.error());
    written += line.heads.size();
    if (::fsync(fd_) != 0) return std::unexpected(FileError(options_.path, "cannot be synced: " + Why()));
  }
  since_ = *next;
  std::erase_if(recent_, [this](const auto& entry) { return entry.second.changed_by < since_; });
  return written;
}

void AuditAnchorWriter::Start() {
  started_ = true;
  job_.Start();
}

void AuditAnchorWriter::Stop() {
  if (!started_) return;
  started_ = false;
  job_.Stop();
  // The changes since the last round, so a clean stop leaves none unanchored.
  if (auto last = Checkpoint(); !last) spdlog::error("audit anchor: the last checkpoint failed: {}", last.error().message);
}

}  // namespace ombudsflow::jobs
