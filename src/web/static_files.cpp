// The built web UI (web/dist) as static files, with the security headers of the UI.
#include <fstream>
#include <sstream>

#include "web/api_context.hpp"

namespace cityregions {

namespace fs = std::filesystem;

HttpResponse static_file(const ApiOptions& options, const std::string& path) {
  if (options.static_dir.empty()) throw Refusal{404, "no web UI (start the server with --web DIR)"};
  std::string rel = path == "/" ? "index.html" : path.substr(1);
  if (rel.find("..") != std::string::npos || rel.find('\\') != std::string::npos) throw Refusal{400, "bad path"};
  fs::path file = options.static_dir / rel;
  if (!fs::is_regular_file(file)) file = options.static_dir / "index.html";  // the single-page app
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
            "connect-src 'self'; frame-ancestors 'none'"},
           {"X-Frame-Options", "DENY"},
           {"Referrer-Policy", "same-origin"}}};
}

}  // namespace cityregions
