#pragma once
// A small HTTP/1.1 server on Boost.Beast: asynchronous connections (keep-alive) on an io_context
// run by a fixed number of threads; the handler runs on those threads. An idle connection holds
// no thread, and a client silent for the timeout is dropped. Requests above the body or header
// limits are answered 413/431 without reading them.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

namespace cityregions {

struct HttpRequest {
  std::string method, target, path;            // path: decoded, without the query
  std::string raw_path;                        // the path as sent, before decoding
  std::map<std::string, std::string> query;    // decoded
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body, remote;                    // remote: client address
  std::string cookie(const std::string& name) const;
  std::string header(const std::string& name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  std::string bind = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port
  unsigned workers = 8;  // threads that run connections and handlers
  size_t max_body_bytes = 1 << 20;
  int timeout_s = 20;
  // Open connections at most; a client beyond gets 503 at once. Each holds a file descriptor and
  // a few KiB; idle keep-alive connections count until their timeout.
  size_t max_connections = 512;
};

class HttpServer {
 public:
  HttpServer(const HttpServerOptions& options, HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  uint16_t port() const;
  // Serves until stop() is called (from another thread or a signal handler's thread).
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A request from the bytes a client sent, as a connection reads it: nullopt when they are not one
// complete, well-formed request within the limits, or its URL is malformed.
std::optional<HttpRequest> parse_http_request(std::string_view bytes, size_t max_body_bytes, const std::string& remote);

// Percent-decoding of URL parts ('+' as space in queries); nullopt for a malformed escape, an
// encoded NUL, or a result that is not UTF-8.
std::optional<std::string> url_decode(std::string_view text, bool plus_is_space);

}  // namespace cityregions
