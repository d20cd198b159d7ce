// Boost 1.74 Asio with GCC 12 in C++20 needs <utility> first.
#include <utility>

#include "web/http_server.hpp"

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
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

struct HttpServer::Impl {
  HttpServerOptions options;
  HttpHandler handler;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<std::optional<tcp::socket>> queue;  // nullopt: a worker should end
  bool stopping = false;

  void serve(tcp::socket socket) {
    // Timeouts on the blocking socket: an idle or slow client is dropped after timeout_s.
    timeval tv{options.timeout_s, 0};
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    beast::flat_buffer buffer;
    beast::error_code ec;
    const std::string remote = socket.remote_endpoint(ec).address().to_string();
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(options.max_body_bytes);
      parser.header_limit(16 * 1024);
      http::read(socket, buffer, parser, ec);
      if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset) break;
      if (ec == asio::error::would_block || ec == asio::error::timed_out || ec == asio::error::try_again) break;  // idle
      if (ec) {
        // Too large or malformed: answer once, then close.
        http::response<http::string_body> res;
        res.result(ec == http::error::body_limit ? http::status::payload_too_large
                   : ec == http::error::header_limit ? http::status::request_header_fields_too_large
                                                     : http::status::bad_request);
        res.set(http::field::content_type, "application/json");
        res.body() = ec == http::error::body_limit
                         ? "{\"error\":\"request body larger than " + std::to_string(options.max_body_bytes) + " bytes\"}"
                         : "{\"error\":\"malformed HTTP request\"}";
        res.keep_alive(false);
        res.prepare_payload();
        http::write(socket, res, ec);
        break;
      }
      const auto& req = parser.get();
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
      HttpResponse out;
      try {
        out = handler(r);
      } catch (const std::exception&) {
        out = {500, "application/json", "{\"error\":\"internal error\"}", {}};
      }
      http::response<http::string_body> res{static_cast<http::status>(out.status), req.version()};
      res.set(http::field::server, "cityregions");
      res.set(http::field::content_type, out.content_type);
      res.set("X-Content-Type-Options", "nosniff");
      for (const auto& [k, v] : out.headers) res.insert(k, v);
      res.keep_alive(req.keep_alive());
      res.body() = std::move(out.body);
      res.prepare_payload();
      http::write(socket, res, ec);
      if (ec || !res.keep_alive()) break;
    }
    socket.shutdown(tcp::socket::shutdown_both, ec);
  }

  void worker() {
    for (;;) {
      std::optional<tcp::socket> s;
      {
        std::unique_lock lock(mutex);
        ready.wait(lock, [&] { return !queue.empty(); });
        s = std::move(queue.front());
        queue.pop_front();
      }
      if (!s) return;
      serve(std::move(*s));
    }
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
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < impl_->options.workers; ++i) workers.emplace_back([this] { impl_->worker(); });
  for (;;) {
    beast::error_code ec;
    tcp::socket socket(impl_->io);
    impl_->acceptor.accept(socket, ec);
    {
      std::lock_guard lock(impl_->mutex);
      if (impl_->stopping) break;
      if (ec) continue;
      impl_->queue.emplace_back(std::move(socket));
    }
    impl_->ready.notify_one();
  }
  {
    std::lock_guard lock(impl_->mutex);
    for (size_t i = 0; i < workers.size(); ++i) impl_->queue.emplace_back(std::nullopt);
  }
  impl_->ready.notify_all();
  for (auto& t : workers) t.join();
}

void HttpServer::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  // Wake the blocking accept: connect to ourselves once.
  beast::error_code ec;
  asio::io_context io;
  tcp::socket s(io);
  auto endpoint = impl_->acceptor.local_endpoint(ec);
  if (endpoint.address().is_unspecified()) endpoint.address(asio::ip::make_address("127.0.0.1"));
  s.connect(endpoint, ec);
}

}  // namespace cityregions
