// Boost 1.74 Asio with GCC 12 in C++20 needs <utility> first.
#include <utility>

#include "web/http_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>
#include <thread>

#include "core/error.hpp"

namespace cityregions {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string url_decode(const std::string& s, bool plus_is_space) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += plus_is_space && s[i] == '+' ? ' ' : s[i];
    }
  }
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

HttpRequest to_request(const http::request<http::string_body>& req, const std::string& remote) {
  HttpRequest r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  r.remote = remote;
  const size_t q = r.target.find('?');
  r.path = url_decode(r.target.substr(0, q), false);
  if (q != std::string::npos) {
    const std::string query = r.target.substr(q + 1);
    size_t pos = 0;
    while (pos <= query.size()) {
      const size_t amp = query.find('&', pos);
      const std::string kv = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
      const size_t eq = kv.find('=');
      if (!kv.empty()) r.query[url_decode(kv.substr(0, eq), true)] = eq == std::string::npos ? "" : url_decode(kv.substr(eq + 1), true);
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

// One connection: read a request, answer it, and again while the client keeps it alive. Waiting
// for the next request holds no thread; a client silent for the timeout is dropped.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, const HttpServerOptions& options, const HttpHandler& handler)
      : stream_(std::move(socket)), options_(options), handler_(handler) {}

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
        out = handler_(to_request(req, remote));
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
};

}  // namespace

struct HttpServer::Impl {
  HttpServerOptions options;
  HttpHandler handler;
  asio::io_context io;
  tcp::acceptor acceptor{io};

  void accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
      if (!ec) std::make_shared<Connection>(std::move(socket), options, handler)->start();
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
