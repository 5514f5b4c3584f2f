#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/workflow/audit_anchor.h"

namespace ombudsflow::service {

/// The audit anchor's Ed25519 key (libsodium): the server signs checkpoints
/// with the secret key; `audit verify --anchor` needs only the public one.
struct AnchorKey {
  std::string secret;      // crypto_sign_SECRETKEYBYTES raw bytes
  std::string public_key;  // crypto_sign_PUBLICKEYBYTES raw bytes
};

/// A new random key pair.
[[nodiscard]] AnchorKey NewAnchorKey();

/// Writes the secret key to `path` (hex, mode 0600) and the public key to
/// `path`.pub (hex). Refuses (kAlreadyExists) to replace either file, so a
/// key in use is never lost by mistake; kInvalidArgument when they cannot be
/// written.
[[nodiscard]] Result<void> WriteAnchorKey(const AnchorKey& key, const std::string& path);

/// The key pair in the secret key file `path`; kInvalidArgument when it
/// cannot be read or holds no Ed25519 secret key.
[[nodiscard]] Result<AnchorKey> ReadAnchorSecretKey(const std::string& path);

/// The public key in `path`; kInvalidArgument as above.
[[nodiscard]] Result<std::string> ReadAnchorPublicKey(const std::string& path);

/// One line of an anchor file: the heads of the cases that changed since
/// the file's checkpoint before, signed. A checkpoint of many cases is
/// several lines; lines are numbered and each names the digest of the one
/// before, so a line taken out of the file is seen.
struct AnchorCheckpoint {
  std::uint64_t number = 0;      // its place in the file, from 1
  std::string previous;          // the digest of the line before; empty on the first
  Timestamp at{};                // when the checkpoint read the heads
  // On a checkpoint's last line: where the next checkpoint reads from (the
  // database's transaction number), so a restarted server goes on from there.
  std::optional<std::uint64_t> resume_from;
  std::vector<ChainHead> heads;  // in order of case id
};

struct SignedCheckpoint {
  std::string line;    // one line of JSON, without its newline
  std::string digest;  // what the next line's `previous` names
};

/// `checkpoint` as its line, signed with `key`.
[[nodiscard]] SignedCheckpoint SignCheckpoint(const AnchorCheckpoint& checkpoint, const AnchorKey& key);

struct ReadCheckpointLine {
  AnchorCheckpoint checkpoint;
  std::string digest;
};

/// The checkpoint `line` holds, if `public_key` signed it. kInvalidArgument
/// for a line that is no checkpoint; kPermissionDenied when the signature
/// does not verify (the line was changed, or another key signed it).
[[nodiscard]] Result<ReadCheckpointLine> ReadCheckpoint(std::string_view line, const std::string& public_key);

}  // namespace ombudsflow::service
