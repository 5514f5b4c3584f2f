#include "api/web/static_assets.h"

#include <zlib.h>

#include <fstream>
#include <sstream>

#include "engine/core/base/hex.h"

namespace ombudsflow::api::web {
namespace {

std::string ContentType(const std::filesystem::path& path) {
  static const std::map<std::string, std::string> types = {
      {".css", "text/css; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},           {".woff2", "font/woff2"},
      {".png", "image/png"},               {".txt", "text/plain; charset=utf-8"},
      {".md", "text/plain; charset=utf-8"}, {".ico", "image/x-icon"}};
  auto found = types.find(path.extension().string());
  return found == types.end() ? "application/octet-stream" : found->second;
}

// Fonts and PNGs are compressed already.
bool WorthGzipping(const std::string& type) {
  return type.starts_with("text/") || type == "image/svg+xml";
}

std::string Gzip(const std::string& content) {
  z_stream stream{};
  // 15 + 16: a gzip header rather than zlib's.
  if (deflateInit2(&stream, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&stream, content.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(content.data()));
  stream.avail_in = static_cast<uInt>(content.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return result == Z_STREAM_END ? out : std::string();
}

bool AcceptsGzip(std::string_view accept_encoding) {
  return accept_encoding.find("gzip") != std::string_view::npos;
}

}  // namespace

std::expected<StaticAssets, std::string> StaticAssets::Load(const std::filesystem::path& dir) {
  StaticAssets assets;
  std::error_code error;
  std::string all;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file()) continue;
    const std::string relative = std::filesystem::relative(it->path(), dir).generic_string();
    if (relative.starts_with(".") || relative.ends_with(".sh")) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    if (!in) return std::unexpected("cannot read " + it->path().string());
    File file{content.str(), {}, ContentType(it->path())};
    if (WorthGzipping(file.type)) {
      file.gzipped = Gzip(file.content);
      if (file.gzipped.size() >= file.content.size()) file.gzipped.clear();
    }
    assets.files_.emplace(relative, std::move(file));
  }
  if (error) return std::unexpected("cannot read " + dir.string() + ": " + error.message());
  for (const auto& [path, file] : assets.files_) all += path + '\n' + Sha256Hex(file.content) + '\n';
  assets.version_ = Sha256Hex(all).substr(0, 16);
  return assets;
}

std::string StaticAssets::Url(std::string_view path) const {
  return "/static/" + version_ + "/" + std::string(path);
}

Response StaticAssets::Serve(const Request& request, std::string_view version, std::string_view path) const {
  auto found = files_.find(path);
  Response response{found == files_.end() ? http::status::not_found : http::status::ok, request.version()};
  response.keep_alive(request.keep_alive());
  response.set("X-Content-Type-Options", "nosniff");
  if (found == files_.end()) {
    response.set(http::field::content_type, "text/plain; charset=utf-8");
    response.body() = "not found\n";
    response.prepare_payload();
    return response;
  }
  const File& file = found->second;
  response.set(http::field::content_type, file.type);
  response.set(http::field::cache_control,
               version == version_ ? "public, max-age=31536000, immutable" : "public, max-age=300");
  response.set(http::field::vary, "Accept-Encoding");
  if (!file.gzipped.empty() && AcceptsGzip(request[http::field::accept_encoding])) {
    response.set(http::field::content_encoding, "gzip");
    response.body() = file.gzipped;
  } else {
    response.body() = file.content;
  }
  if (request.method() == http::verb::head) {
    response.content_length(response.body().size());
    response.body().clear();
    return response;
  }
  response.prepare_payload();
  return response;
}

std::size_t StaticAssets::Size(std::string_view path) const {
  auto found = files_.find(path);
  return found == files_.end() ? 0 : found->second.content.size();
}

}  // namespace ombudsflow::api::web
