#include "engine/store/content_store.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>

#include <array>
#include <memory>

namespace ombudsflow::store {
namespace {

PGconn* PgConnectionOf(soci::session& session) {
  // Every pooled session uses the PostgreSQL backend (database.cc).
  return static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
}

using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

// One statement through libpq itself: SOCI has no binary parameters, and
// its bytea goes as text. Text parameters unless `binary` says otherwise;
// results in binary. Throws as SOCI does, so Database::Run classifies it.
PgResult Execute(soci::session& session, const char* sql, const std::vector<std::string_view>& values,
                 const std::vector<int>& binary) {
  std::vector<const char*> pointers;
  std::vector<int> lengths;
  for (std::string_view value : values) {
    pointers.push_back(value.data());
    lengths.push_back(static_cast<int>(value.size()));
  }
  std::vector<std::string> texts;  // text parameters need their terminating NUL
  texts.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (binary[i] == 0) pointers[i] = texts.emplace_back(values[i]).c_str();
  }
  PgResult result(PQexecParams(PgConnectionOf(session), sql, static_cast<int>(values.size()), nullptr,
                               pointers.data(), lengths.data(), binary.data(), 1),
                  &PQclear);
  const auto status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    const char* state = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
    throw soci::postgresql_soci_error(PQresultErrorMessage(result.get()), state != nullptr ? state : "");
  }
  return result;
}

}  // namespace

std::int64_t PostgresContentStore::Write(soci::session& session, std::uint64_t size, const std::string& sha256,
                                         const ReadAt& read) {
  std::int64_t content_id = 0;
  const long long size_value = static_cast<long long>(size);
  const int chunk_bytes = static_cast<int>(chunk_bytes_);
  session << "INSERT INTO document_contents (size_bytes, sha256, chunk_bytes) VALUES (:size, :sha, :chunk)"
             " RETURNING id",
      soci::use(size_value), soci::use(sha256), soci::use(chunk_bytes), soci::into(content_id);
  const std::string id_text = std::to_string(content_id);
  std::uint64_t offset = 0;
  for (int seq = 0; offset < size; ++seq) {
    auto chunk = read(offset, chunk_bytes_);
    if (!chunk) throw soci::soci_error("cannot read a document being stored: " + chunk.error().message);
    if (chunk->empty()) throw soci::soci_error("a document being stored ended early");
    const std::string seq_text = std::to_string(seq);
    Execute(session, "INSERT INTO document_chunks (content_id, seq, data) VALUES ($1::bigint, $2::integer, $3)",
            {id_text, seq_text, *chunk}, {0, 0, 1});
    offset += chunk->size();
  }
  return content_id;
}

Result<void> PostgresContentStore::Read(soci::session& session, std::int64_t content_id,
                                        const std::function<Result<void>(std::string_view)>& sink) {
  const std::string id_text = std::to_string(content_id);
  PgResult count = Execute(session,
                           "SELECT count(k.seq)::integer FROM document_contents c"
                           " LEFT JOIN document_chunks k ON k.content_id = c.id WHERE c.id = $1::bigint GROUP BY c.id",
                           {id_text}, {0});
  if (PQntuples(count.get()) == 0) return std::unexpected(NotFound("no such document content"));
  // Binary integer: four bytes, network order.
  const auto* raw = reinterpret_cast<const unsigned char*>(PQgetvalue(count.get(), 0, 0));
  const int chunks = (raw[0] << 24) | (raw[1] << 16) | (raw[2] << 8) | raw[3];
  // One chunk per round trip: libpq holds a whole result in memory, so a
  // query for all of them would hold the whole document.
  for (int seq = 0; seq < chunks; ++seq) {
    const std::string seq_text = std::to_string(seq);
    PgResult chunk = Execute(session,
                             "SELECT data FROM document_chunks WHERE content_id = $1::bigint AND seq = $2::integer",
                             {id_text, seq_text}, {0, 0});
    if (PQntuples(chunk.get()) != 1) return std::unexpected(Internal("a document's chunk is missing"));
    if (auto passed = sink(std::string_view(PQgetvalue(chunk.get(), 0, 0),
                                            static_cast<std::size_t>(PQgetlength(chunk.get(), 0, 0))));
        !passed) {
      return passed;
    }
  }
  return {};
}

void PostgresContentStore::Erase(soci::session& session, std::int64_t content_id) {
  // The chunks go with it (ON DELETE CASCADE).
  session << "DELETE FROM document_contents WHERE id = :id", soci::use(content_id);
}

}  // namespace ombudsflow::store
