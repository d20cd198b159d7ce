// The built web UI (web/dist) as static files, with the security headers of the UI.
#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "web/api_context.hpp"

namespace cityregions {

namespace fs = std::filesystem;

namespace {

// The file under `root` that a request path names, or nullopt when the path is not a plain relative
// path inside it: absolute parts ("//etc/passwd"), "..", backslashes, encoded separators or NUL in
// the raw path, or a symbolic link that leads out of the directory.
std::optional<fs::path> file_under(const fs::path& root, const HttpRequest& rq) {
  std::string raw = rq.raw_path;
  for (auto& c : raw) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (raw.find("%2f") != std::string::npos || raw.find("%5c") != std::string::npos || raw.find("%00") != std::string::npos)
    return std::nullopt;
  const std::string& path = rq.path;
  if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) return std::nullopt;
  const std::string rel = path == "/" ? "index.html" : path.substr(1);
  const fs::path relative(rel);
  if (rel.empty() || relative.is_absolute() || relative.has_root_name() || relative.has_root_directory()) return std::nullopt;
  for (const auto& part : relative)
    if (part == ".." || part == ".") return std::nullopt;
  std::error_code ec;
  const fs::path base = fs::canonical(root, ec);
  if (ec) return std::nullopt;
  const fs::path file = fs::weakly_canonical(base / relative, ec);
  if (ec) return std::nullopt;
  // Inside the directory after every link is resolved.
  const auto [end, _] = std::mismatch(base.begin(), base.end(), file.begin(), file.end());
  if (end != base.end()) return std::nullopt;
  return file;
}

}  // namespace

HttpResponse static_file(const ApiOptions& options, const HttpRequest& rq) {
  if (options.static_dir.empty()) throw Refusal{404, "no web UI (start the server with --web DIR)"};
  auto found = file_under(options.static_dir, rq);
  if (!found) throw Refusal{404, "not found"};
  fs::path file = *found;
  // The single-page app answers paths it routes itself; a file that exists is served as it is.
  if (!fs::is_regular_file(file)) {
    if (fs::path(rq.path).has_extension()) throw Refusal{404, "not found"};
    file = fs::canonical(options.static_dir) / "index.html";
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Refusal{404, "not found"};
  std::stringstream ss;
  ss << in.rdbuf();
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript"}, {".mjs", "text/javascript"}, {".css", "text/css"},
      {".svg", "image/svg+xml"}, {".png", "image/png"}, {".json", "application/json"}, {".woff2", "font/woff2"}};
  const auto t = types.find(file.extension().string());
  // The UI loads nothing from elsewhere (no CDN, no tile server): the policy says so.
  return {200, t == types.end() ? "application/octet-stream" : t->second, ss.str(),
          {{"Cache-Control", file.filename() == "index.html" ? "no-cache" : "max-age=86400"},
           {"Content-Security-Policy",
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; "
            "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"},
           {"X-Frame-Options", "DENY"},
           {"Referrer-Policy", "same-origin"}}};
}

}  // namespace cityregions
