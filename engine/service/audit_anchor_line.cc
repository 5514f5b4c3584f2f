#include "engine/service/audit_anchor_line.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "engine/core/base/hex.h"
#include "engine/core/base/uuid.h"
#include "engine/service/passwords.h"

namespace ombudsflow::service {
namespace {

// What is signed: the body under a tag of its own, so a signature made for
// anything else with the same key can never pass for a checkpoint.
constexpr std::string_view kSignedTag = "ombudsflow audit anchor v1\n";
constexpr int kFormat = 1;

std::string SignedMessage(const nlohmann::json& body) { return std::string(kSignedTag) + body.dump(); }

std::string FormatUtc(Timestamp at) {
  const auto micros = ToUnixMicros(at);
  const std::time_t seconds = static_cast<std::time_t>(micros >= 0 ? micros / 1'000'000 : (micros - 999'999) / 1'000'000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[96];  // room for any int GCC can see, so -Wformat-truncation stays quiet
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<long long>(micros - static_cast<long long>(seconds) * 1'000'000));
  return text;
}

std::optional<Timestamp> ParseUtc(const std::string& text) {
  std::tm utc{};
  long long micros = 0;
  int used = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%6lldZ%n", &utc.tm_year, &utc.tm_mon, &utc.tm_mday,
                  &utc.tm_hour, &utc.tm_min, &utc.tm_sec, &micros, &used) != 7 ||
      static_cast<std::size_t>(used) != text.size()) {
    return std::nullopt;
  }
  utc.tm_year -= 1900;
  utc.tm_mon -= 1;
  return FromUnixMicros(static_cast<std::int64_t>(timegm(&utc)) * 1'000'000 + micros);
}

// The first line of `path`, or kInvalidArgument naming what it is for.
Result<std::string> FirstLine(const std::string& path, std::string_view what) {
  std::ifstream file(path);
  std::string line;
  if (!file || !std::getline(file, line)) {
    return std::unexpected(InvalidArgument("cannot read the " + std::string(what) + " " + path));
  }
  return line;
}

Result<void> WriteNewFile(const std::string& path, const std::string& text, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) return std::unexpected(MakeError(ErrorCode::kAlreadyExists, path + " exists already: "
                                                          "an anchor key is never overwritten"));
    return std::unexpected(InvalidArgument("cannot create " + path));
  }
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return std::unexpected(InvalidArgument("cannot write " + path));
  return {};
}

}  // namespace

AnchorKey NewAnchorKey() {
  InitSodium();
  AnchorKey key;
  key.secret.resize(crypto_sign_SECRETKEYBYTES);
  key.public_key.resize(crypto_sign_PUBLICKEYBYTES);
  crypto_sign_keypair(reinterpret_cast<unsigned char*>(key.public_key.data()),
                      reinterpret_cast<unsigned char*>(key.secret.data()));
  return key;
}

Result<void> WriteAnchorKey(const AnchorKey& key, const std::string& path) {
  const std::string public_path = path + ".pub";
  if (::access(public_path.c_str(), F_OK) == 0) {
    return std::unexpected(MakeError(ErrorCode::kAlreadyExists,
                                     public_path + " exists already: an anchor key is never overwritten"));
  }
  if (auto secret = WriteNewFile(path, HexEncode(key.secret) + "\n", 0600); !secret) return secret;
  return WriteNewFile(public_path, HexEncode(key.public_key) + "\n", 0644);
}

Result<AnchorKey> ReadAnchorSecretKey(const std::string& path) {
  auto line = FirstLine(path, "anchor key");
  if (!line) return std::unexpected(line.error());
  auto secret = HexDecode(*line);
  if (!secret || secret->size() != crypto_sign_SECRETKEYBYTES) {
    return std::unexpected(InvalidArgument(path + " holds no anchor secret key (made by 'ombudsflow audit "
                                           "anchor-key')"));
  }
  InitSodium();
  AnchorKey key{.secret = *secret, .public_key = std::string(crypto_sign_PUBLICKEYBYTES, '\0')};
  crypto_sign_ed25519_sk_to_pk(reinterpret_cast<unsigned char*>(key.public_key.data()),
                               reinterpret_cast<const unsigned char*>(key.secret.data()));
  return key;
}

Result<std::string> ReadAnchorPublicKey(const std::string& path) {
  auto line = FirstLine(path, "anchor public key");
  if (!line) return std::unexpected(line.error());
  auto key = HexDecode(*line);
  if (!key || key->size() != crypto_sign_PUBLICKEYBYTES) {
    return std::unexpected(InvalidArgument(path + " holds no anchor public key (the .pub file 'ombudsflow audit "
                                           "anchor-key' wrote)"));
  }
  return *key;
}

SignedCheckpoint SignCheckpoint(const AnchorCheckpoint& checkpoint, const AnchorKey& key) {
  InitSodium();
  nlohmann::json heads = nlohmann::json::array();
  for (const ChainHead& head : checkpoint.heads) heads.push_back({head.complaint_id, head.seq, head.hash});
  nlohmann::json body = {{"anchor", kFormat},
                         {"n", checkpoint.number},
                         {"prev", checkpoint.previous},
                         {"at", FormatUtc(checkpoint.at)},
                         {"heads", std::move(heads)}};
  if (checkpoint.resume_from) body["resume"] = std::to_string(*checkpoint.resume_from);
  const std::string message = SignedMessage(body);
  std::string signature(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       reinterpret_cast<const unsigned char*>(key.secret.data()));
  const nlohmann::json line = {{"checkpoint", std::move(body)}, {"signature", HexEncode(signature)}};
  return {.line = line.dump(), .digest = Sha256Hex(message)};
}

Result<ReadCheckpointLine> ReadCheckpoint(std::string_view text, const std::string& public_key) {
  const auto malformed = [](std::string what) {
    return std::unexpected(InvalidArgument("not a checkpoint: " + std::move(what)));
  };
  const nlohmann::json line = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!line.is_object() || !line.contains("checkpoint") || !line["checkpoint"].is_object() ||
      !line.contains("signature") || !line["signature"].is_string()) {
    return malformed("no signed checkpoint object");
  }
  const nlohmann::json& body = line["checkpoint"];
  auto signature = HexDecode(line["signature"].get<std::string>());
  InitSodium();
  // The signature first: nothing of a line is believed before it verifies.
  const std::string message = SignedMessage(body);
  if (!signature || signature->size() != crypto_sign_BYTES || public_key.size() != crypto_sign_PUBLICKEYBYTES ||
      crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature->data()),
                                  reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                  reinterpret_cast<const unsigned char*>(public_key.data())) != 0) {
    return std::unexpected(PermissionDenied("the signature does not verify with the anchor's public key"));
  }
  ReadCheckpointLine read;
  AnchorCheckpoint& checkpoint = read.checkpoint;
  read.digest = Sha256Hex(message);
  const auto field = [&](const char* name) -> const nlohmann::json* {
    auto it = body.find(name);
    return it == body.end() ? nullptr : &*it;
  };
  const auto* format = field("anchor");
  const auto* number = field("n");
  const auto* previous = field("prev");
  const auto* at = field("at");
  const auto* heads = field("heads");
  if (format == nullptr || *format != kFormat) return malformed("an unknown format");
  if (number == nullptr || !number->is_number_unsigned() || previous == nullptr || !previous->is_string() ||
      at == nullptr || !at->is_string() || heads == nullptr || !heads->is_array()) {
    return malformed("a field is missing or of the wrong type");
  }
  checkpoint.number = number->get<std::uint64_t>();
  checkpoint.previous = previous->get<std::string>();
  auto when = ParseUtc(at->get<std::string>());
  if (!when) return malformed("its time is not RFC 3339 UTC");
  checkpoint.at = *when;
  if (const auto* resume = field("resume"); resume != nullptr) {
    if (!resume->is_string()) return malformed("resume is not a transaction number");
    try {
      checkpoint.resume_from = std::stoull(resume->get<std::string>());
    } catch (const std::exception&) {
      return malformed("resume is not a transaction number");
    }
  }
  for (const nlohmann::json& head : *heads) {
    if (!head.is_array() || head.size() != 3 || !head[0].is_string() || !head[1].is_number_unsigned() ||
        !head[2].is_string()) {
      return malformed("a head is not [case id, seq, hash]");
    }
    ChainHead parsed{.complaint_id = head[0].get<std::string>(),
                     .seq = head[1].get<std::uint32_t>(),
                     .hash = head[2].get<std::string>()};
    if (!IsUuid(parsed.complaint_id) || parsed.seq == 0 || parsed.hash.size() != 64 || !HexDecode(parsed.hash)) {
      return malformed("a head is not [case id, seq, hash]");
    }
    checkpoint.heads.push_back(std::move(parsed));
  }
  return read;
}

}  // namespace ombudsflow::service
