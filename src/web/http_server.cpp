// Boost 1.74 Asio with GCC 12 in C++20 needs <utility> first.
#include <utility>

#include "web/http_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <atomic>
#include <optional>
#include <thread>

#include "core/error.hpp"
#include "core/utf8.hpp"

namespace cityregions {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::optional<std::string> url_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size() || hex(s[i + 1]) < 0 || hex(s[i + 2]) < 0) return std::nullopt;
      const char c = static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      if (c == '\0') return std::nullopt;
      out += c;
      i += 2;
    } else {
      if (s[i] == '\0') return std::nullopt;
      out += plus_is_space && s[i] == '+' ? ' ' : s[i];
    }
  }
  if (!valid_utf8(out)) return std::nullopt;
  return out;
}

std::string HttpRequest::header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

std::string HttpRequest::cookie(const std::string& name) const {
  const std::string all = header("cookie");
  size_t pos = 0;
  while (pos < all.size()) {
    const size_t end = all.find(';', pos);
    std::string part = all.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    part.erase(0, part.find_first_not_of(' '));
    const size_t eq = part.find('=');
    if (eq != std::string::npos && part.substr(0, eq) == name) return part.substr(eq + 1);
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return "";
}

namespace {

// The request as the handler sees it; nullopt when its URL is malformed.
std::optional<HttpRequest> to_request(const http::request<http::string_body>& req, const std::string& remote) {
  HttpRequest r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  r.remote = remote;
  const size_t q = r.target.find('?');
  r.raw_path = r.target.substr(0, q);
  auto path = url_decode(r.raw_path, false);
  if (!path || !path->starts_with('/')) return std::nullopt;
  r.path = std::move(*path);
  if (q != std::string::npos) {
    const std::string_view query = std::string_view(r.target).substr(q + 1);
    size_t pos = 0;
    while (pos <= query.size()) {
      const size_t amp = query.find('&', pos);
      const std::string_view kv = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
      const size_t eq = kv.find('=');
      if (!kv.empty()) {
        auto key = url_decode(kv.substr(0, eq), true);
        auto value = eq == std::string::npos ? std::optional<std::string>("") : url_decode(kv.substr(eq + 1), true);
        if (!key || !value) return std::nullopt;
        r.query[std::move(*key)] = std::move(*value);
      }
      if (amp == std::string::npos) break;
      pos = amp + 1;
    }
  }
  for (const auto& f : req) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers[name] = std::string(f.value());
  }
  r.body = req.body();
  return r;
}

}  // namespace

std::optional<HttpRequest> parse_http_request(std::string_view bytes, size_t max_body_bytes, const std::string& remote) {
  http::request_parser<http::string_body> parser;
  parser.body_limit(max_body_bytes);
  parser.header_limit(16 * 1024);
  parser.eager(true);
  beast::error_code ec;
  size_t used = 0;
  while (!ec && used < bytes.size() && !parser.is_done()) {
    const size_t n = parser.put(asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    if (n == 0 && !ec) break;
    used += n;
  }
  if (ec || !parser.is_done()) return std::nullopt;
  return to_request(parser.get(), remote);
}

namespace {

// One connection: read a request, answer it, and again while the client keeps it alive. Waiting
// for the next request holds no thread; a client silent for the timeout is dropped.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, const HttpServerOptions& options, const HttpHandler& handler, std::atomic<size_t>& open)
      : stream_(std::move(socket)), options_(options), handler_(handler), open_(open) {
    ++open_;
  }
  ~Connection() { --open_; }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void start() { read(); }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(options_.max_body_bytes);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(std::chrono::seconds(options_.timeout_s));
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Connection::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted)
      return close();
    auto res = std::make_shared<http::response<http::string_body>>();
    bool keep_alive = false;
    if (ec) {
      // Too large or malformed: answer once, then close.
      res->result(ec == http::error::body_limit     ? http::status::payload_too_large
                  : ec == http::error::header_limit ? http::status::request_header_fields_too_large
                                                    : http::status::bad_request);
      res->set(http::field::content_type, "application/json");
      res->body() = ec == http::error::body_limit
                        ? "{\"error\":\"request body larger than " + std::to_string(options_.max_body_bytes) + " bytes\"}"
                        : "{\"error\":\"malformed HTTP request\"}";
    } else {
      const auto& req = parser_->get();
      beast::error_code ignored;
      const std::string remote = stream_.socket().remote_endpoint(ignored).address().to_string();
      HttpResponse out;
      try {
        const auto request = to_request(req, remote);
        out = request ? handler_(*request)
                      : HttpResponse{400, "application/json", "{\"error\":\"malformed URL (bad escape, NUL or not UTF-8)\"}", {}};
      } catch (const std::exception&) {
        out = {500, "application/json", "{\"error\":\"internal error\"}", {}};
      }
      res->version(req.version());
      res->result(static_cast<http::status>(out.status));
      res->set(http::field::content_type, out.content_type);
      for (const auto& [k, v] : out.headers) res->insert(k, v);
      res->body() = std::move(out.body);
      keep_alive = req.keep_alive();
    }
    res->set(http::field::server, "cityregions");
    res->set("X-Content-Type-Options", "nosniff");
    res->keep_alive(keep_alive);
    res->prepare_payload();
    if (!ec && parser_->get().method() == http::verb::head) res->body().clear();  // headers (and length) only
    stream_.expires_after(std::chrono::seconds(options_.timeout_s));
    http::async_write(stream_, *res, [self = shared_from_this(), res, keep_alive](beast::error_code wec, size_t) {
      if (wec || !keep_alive) return self->close();
      self->read();
    });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const HttpServerOptions& options_;
  const HttpHandler& handler_;
  std::atomic<size_t>& open_;
};

// Answers 503 to a client beyond the connection cap, then closes.
void refuse_busy(tcp::socket socket, int timeout_s) {
  auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
  auto res = std::make_shared<http::response<http::string_body>>(http::status::service_unavailable, 11);
  res->set(http::field::content_type, "application/json");
  res->set(http::field::retry_after, "5");
  res->body() = "{\"error\":\"the server has too many open connections; try again\"}";
  res->keep_alive(false);
  res->prepare_payload();
  stream->expires_after(std::chrono::seconds(timeout_s));
  http::async_write(*stream, *res, [stream, res](beast::error_code, size_t) {
    beast::error_code ec;
    stream->socket().shutdown(tcp::socket::shutdown_both, ec);
  });
}

}  // namespace

struct HttpServer::Impl {
  HttpServerOptions options;
  HttpHandler handler;
  asio::io_context io;
  tcp::acceptor acceptor{io};

  std::atomic<size_t> open_connections{0};
  asio::steady_timer backoff{io};

  void accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
      if (ec) {
        // Out of descriptors or memory: wait instead of spinning on the failing accept.
        backoff.expires_after(std::chrono::milliseconds(100));
        backoff.async_wait([this](beast::error_code wec) {
          if (!wec) accept();
        });
        return;
      }
      if (open_connections.load() >= options.max_connections)
        refuse_busy(std::move(socket), 2);
      else
        std::make_shared<Connection>(std::move(socket), options, handler, open_connections)->start();
      accept();
    });
  }
};

HttpServer::HttpServer(const HttpServerOptions& options, HttpHandler handler) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  impl_->handler = std::move(handler);
  beast::error_code ec;
  const auto address = asio::ip::make_address(options.bind, ec);
  if (ec) throw Error("--bind: '" + options.bind + "' is not an IP address");
  const tcp::endpoint endpoint{address, options.port};
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
  impl_->acceptor.bind(endpoint, ec);
  if (ec) throw Error("cannot listen on " + options.bind + ":" + std::to_string(options.port) + " (" + ec.message() + ")");
  impl_->acceptor.listen();
}

HttpServer::~HttpServer() = default;

uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::run() {
  impl_->accept();
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < std::max(1u, impl_->options.workers); ++i) threads.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& t : threads) t.join();
}

void HttpServer::stop() {
  asio::post(impl_->io, [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
    impl_->io.stop();
  });
}

}  // namespace cityregions
