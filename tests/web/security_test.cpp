// The web face against hostile requests, over real HTTP on 127.0.0.1: files outside the UI's
// directory, foreign Host and Origin headers, stale sessions, parallel password guessing, too many
// connections, malformed URLs, bytes that are not UTF-8, writes before authorisation, numbers out
// of range. Each test was written against the old server and failed there.
#include <utility>

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "store/municipalities.hpp"
#include "support/test_support.hpp"
#include "web/accounts.hpp"
#include "web/http_server.hpp"
#include "web/region_api.hpp"

using namespace cityregions;
using namespace cityregions::test;
using json = nlohmann::json;
namespace fs = std::filesystem;
using tcp = boost::asio::ip::tcp;

namespace {

// An API served on a free port of 127.0.0.1 until the object goes.
struct Served {
  std::unique_ptr<RegionApi> api;
  std::unique_ptr<HttpServer> server;
  std::thread thread;

  explicit Served(const ApiOptions& o) : api(std::make_unique<RegionApi>(o)) {
    HttpServerOptions so;
    so.port = 0;
    so.workers = 4;
    so.timeout_s = 5;
    server = std::make_unique<HttpServer>(so, [this](const HttpRequest& r) { return api->handle(r); });
    thread = std::thread([this] { server->run(); });
  }
  ~Served() {
    server->stop();
    thread.join();
  }
  Served(const Served&) = delete;
  Served& operator=(const Served&) = delete;
};

// A small workspace (Liechtenstein's 11 municipalities) with a built UI directory, a secret file
// beside it and links that lead out of it, and its server. Made on first use: a failing set-up
// fails every test that needs it.
struct Site {
  TempDir dir;
  std::unique_ptr<Served> served;

  Site() {
    {
      Workspace ws = Workspace::create(dir / "ws", "Liechtenstein", std::nullopt);
      import_municipalities(ws, data_path("osm-liechtenstein/liechtenstein_gemeinden_osm2015.geojson"),
                            {"name", "name", std::nullopt, std::nullopt, std::nullopt, "OpenStreetMap contributors"});
      write_file(dir / "stats.csv", "name,jobs\nVaduz,20000\nSchaan,11000\n");
      import_stats(ws, dir / "stats.csv", "name");
      add_user(ws, {"anna", Role::editor, "Vaduz"}, "anna-password", KdfCost::minimal);
    }
    fs::create_directories(dir / "dist/assets");
    write_file(dir / "dist/index.html", "<!doctype html><title>ui</title>");
    write_file(dir / "dist/assets/app.js", "console.log(1)");
    write_file(dir / "secret.txt", "secret-outside");
    fs::create_symlink(dir / "secret.txt", dir / "dist/leak.txt");
    fs::create_directory_symlink("/etc", dir / "dist/etc");
    served = std::make_unique<Served>(options());
  }
  ApiOptions options() const {
    ApiOptions o;
    o.workspace = dir / "ws";
    o.static_dir = dir / "dist";
    return o;
  }
  uint16_t port() const { return served->server->port(); }
};

Site& site() {
  static Site s;
  return s;
}

struct Reply {
  int status = 0;
  std::string head, body;
  std::string header(const std::string& name) const {
    const auto at = head.find("\r\n" + name + ": ");
    if (at == std::string::npos) return "";
    const auto from = at + name.size() + 4;
    return head.substr(from, head.find("\r\n", from) - from);
  }
};

// Sends the request text as it is and reads the whole answer (the request asks to close).
Reply raw(const std::string& request, uint16_t port = 0) {
  boost::asio::io_context io;
  tcp::socket socket(io);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port ? port : site().port()});
  boost::asio::write(socket, boost::asio::buffer(request));
  std::string all;
  boost::system::error_code ec;
  char buf[65536];
  while (!ec) {
    const size_t n = socket.read_some(boost::asio::buffer(buf), ec);
    all.append(buf, n);
  }
  Reply r;
  const auto end = all.find("\r\n\r\n");
  r.head = all.substr(0, end);
  r.body = end == std::string::npos ? "" : all.substr(end + 4);
  if (all.size() > 12) r.status = std::atoi(all.substr(9, 3).c_str());
  return r;
}

Reply request(const std::string& method, const std::string& target, const std::string& body = "",
              const std::vector<std::string>& headers = {}, const std::string& host = "127.0.0.1") {
  std::string text = method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n";
  bool typed = false;
  for (const auto& h : headers) {
    text += h + "\r\n";
    typed |= h.starts_with("Content-Type:");
  }
  if (!body.empty() && !typed) text += "Content-Type: application/json\r\n";
  text += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return raw(text);
}

// Logs in; the cookie ("cr_session=…") and the CSRF token.
std::pair<std::string, std::string> login(const std::string& name, const std::string& password) {
  const auto r = request("POST", "/api/login", json{{"name", name}, {"password", password}}.dump());
  EXPECT_EQ(r.status, 200) << r.body;
  const std::string cookie = r.header("Set-Cookie");
  return {cookie.substr(0, cookie.find(';')), r.status == 200 ? json::parse(r.body).value("csrf", "") : ""};
}

Reply patch(const std::string& target, const json& body, const std::pair<std::string, std::string>& session) {
  return request("PATCH", target, body.dump(), {"Cookie: " + session.first, "X-CSRF-Token: " + session.second});
}

}  // namespace

TEST(WebSecurity, ServesOnlyFilesInsideTheWebDirectory) {
  Site& s = site();
  auto r = request("GET", "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<title>ui</title>"), std::string::npos);
  EXPECT_EQ(request("GET", "/assets/app.js").body, "console.log(1)");
  EXPECT_NE(request("GET", "/some/app/route").body.find("<title>ui</title>"), std::string::npos);  // single-page app
  const std::string db = (s.dir / "ws/region.gpkg").string();
  for (const std::string& target : std::vector<std::string>{"//etc/passwd", "/%2Fetc/passwd", "/%2fetc/hostname", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/../secret.txt",
        "/assets/../../secret.txt", "/%5C..%5Csecret.txt", "/leak.txt", "/etc/passwd", "/etc/hostname", "/index.html%00.js",
        "/" + db, "//" + db, "/%2F" + db.substr(1), "/missing.js"}) {
    r = request("GET", target);
    EXPECT_TRUE(r.status == 400 || r.status == 404) << target << " → " << r.status;
    EXPECT_EQ(r.body.find("secret-outside"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("SQLite format"), std::string::npos) << target;
  }
}

TEST(WebSecurity, AnswersOnlyItsOwnHostNamesAndRefusesWritesFromOtherSites) {
  site();
  EXPECT_EQ(request("GET", "/api/region", "", {}, "rebound.example.org").status, 421);  // DNS rebinding
  EXPECT_EQ(request("GET", "/", "", {}, "rebound.example.org:8080").status, 421);
  EXPECT_EQ(request("GET", "/api/region", "", {}, "").status, 421);
  EXPECT_EQ(request("GET", "/api/region", "", {}, "localhost:" + std::to_string(site().port())).status, 200);
  EXPECT_EQ(request("GET", "/api/region", "", {}, "127.0.0.1").status, 200);
  const std::string body = json{{"name", "anna"}, {"password", "anna-password"}}.dump();
  // Login CSRF: a page elsewhere posting a form or text/plain body.
  EXPECT_EQ(request("POST", "/api/login", body, {"Origin: http://evil.example"}).status, 403);
  EXPECT_EQ(request("POST", "/api/login", body, {"Referer: https://evil.example/page"}).status, 403);
  EXPECT_EQ(request("POST", "/api/login", body, {"Origin: null"}).status, 403);
  EXPECT_EQ(request("POST", "/api/login", body, {"Content-Type: text/plain"}).status, 415);
  EXPECT_EQ(request("POST", "/api/login", body, {"Content-Type: application/x-www-form-urlencoded"}).status, 415);
  const std::string own = "Origin: http://127.0.0.1:" + std::to_string(site().port());
  const auto ok = request("POST", "/api/login", body, {own});
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.header("Set-Cookie").find("Secure"), std::string::npos);  // plain HTTP
}

TEST(WebSecurity, CookiesAreSecureBehindTls) {
  Site& s = site();
  ApiOptions o;
  o.workspace = s.dir / "ws";
  o.behind_tls = true;
  o.hosts.push_back("region.example.org");
  RegionApi api(o);
  HttpRequest rq;
  rq.method = "POST";
  rq.path = rq.raw_path = rq.target = "/api/login";
  rq.headers = {{"host", "region.example.org"}, {"content-type", "application/json"}, {"origin", "https://region.example.org"}};
  rq.body = json{{"name", "anna"}, {"password", "anna-password"}}.dump();
  rq.remote = "10.1.1.1";
  const auto r = api.handle(rq);
  ASSERT_EQ(r.status, 200) << r.body;
  bool secure = false;
  for (const auto& [k, v] : r.headers) secure |= k == "Set-Cookie" && v.find("; Secure") != std::string::npos;
  EXPECT_TRUE(secure);
}

TEST(WebSecurity, ANewPasswordEndsTheOldSessions) {
  Site& s = site();
  {
    Workspace ws = Workspace::open(s.dir / "ws");
    add_user(ws, {"otto", Role::editor, "Vaduz"}, "otto-password-1", KdfCost::minimal);
  }
  const auto old = login("otto", "otto-password-1");
  EXPECT_EQ(patch("/api/municipalities/Vaduz", {{"jobs", 20001}}, old).status, 200);
  {
    Workspace ws = Workspace::open(s.dir / "ws");
    add_user(ws, {"otto", Role::editor, "Vaduz"}, "otto-password-2", KdfCost::minimal);  // the password is reset
  }
  EXPECT_EQ(patch("/api/municipalities/Vaduz", {{"jobs", 20002}}, old).status, 401);
  EXPECT_EQ(request("GET", "/api/me", "", {"Cookie: " + old.first}).status, 401);
  const auto fresh = login("otto", "otto-password-2");
  EXPECT_EQ(patch("/api/municipalities/Vaduz", {{"jobs", 20003}}, fresh).status, 200);
}

TEST(WebSecurity, ParallelGuessesCountAgainstTheLoginLimit) {
  // 16 wrong logins at once from one address (an unknown name costs a full interactive hash, so
  // they overlap): at most 5 passwords are checked, the others are refused before hashing.
  const Served own(site().options());  // a limiter of its own: the other tests log in from the same address
  std::atomic<int> checked = 0, limited = 0, other = 0;
  std::vector<std::thread> guessers;
  for (int i = 0; i < 16; ++i)
    guessers.emplace_back([&, i] {
      const std::string body = json{{"name", "nobody"}, {"password", "guess-" + std::to_string(i)}}.dump();
      const auto r = raw("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
                         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body,
                         own.server->port());
      (r.status == 401 ? checked : r.status == 429 ? limited : other)++;
    });
  for (auto& t : guessers) t.join();
  EXPECT_EQ(other, 0);
  EXPECT_LE(checked, 5);
  EXPECT_EQ(checked + limited, 16);
}

TEST(WebSecurity, ConnectionsBeyondTheCapGet503AndTheServerRecovers) {
  HttpServerOptions so;
  so.port = 0;
  so.workers = 2;
  so.timeout_s = 5;
  so.max_connections = 4;
  HttpServer server(so, [](const HttpRequest&) { return HttpResponse{200, "text/plain", "ok", {}}; });
  std::thread runner([&] { server.run(); });
  {
    boost::asio::io_context io;
    std::vector<tcp::socket> idle;
    for (int i = 0; i < 4; ++i) {
      idle.emplace_back(io);
      idle.back().connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // accepted
    const auto r = raw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", server.port());
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(r.header("Retry-After"), "5");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the idle ones are closed
  EXPECT_EQ(raw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", server.port()).status, 200);
  server.stop();
  runner.join();
}

TEST(WebSecurity, HeadAnswersCarryNoBody) {
  site();
  const auto get = request("GET", "/api/region");
  const auto head = request("HEAD", "/api/region");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.header("Content-Length"), std::to_string(get.body.size()));
  EXPECT_EQ(request("HEAD", "/").body, "");
}

TEST(WebSecurity, MalformedUrlsAreBadRequests) {
  site();
  for (const std::string target : {"/api/%FF", "/api/%C3%28", "/api/region?x=%zz", "/api/region?%FF=1", "/api/%00", "/api/%4"})
    EXPECT_EQ(request("GET", target).status, 400) << target;
}

TEST(WebSecurity, TextThatIsNotUtf8NeverBreaksTheApi) {
  Site& s = site();
  {
    Workspace ws = Workspace::open(s.dir / "ws");
    ws.db().exec("ALTER TABLE municipalities ADD COLUMN note TEXT");
    auto st = ws.db().prepare("UPDATE municipalities SET note = ? WHERE key = 'Vaduz'");
    st.bind(1, std::string("Stra\xDF" "e (Windows-1252)")).run();
  }
  const auto r = request("GET", "/api/municipalities");
  ASSERT_EQ(r.status, 200);
  const auto fc = json::parse(r.body);
  bool found = false;
  for (const auto& f : fc["features"])
    if (f["properties"]["key"] == "Vaduz") found = f["properties"]["note"] == "Stra\xEF\xBF\xBD" "e (Windows-1252)";
  EXPECT_TRUE(found);
  EXPECT_EQ(request("GET", "/api/region").status, 200);
}

TEST(WebSecurity, AnonymousWritesChangeNothing) {
  Site& s = site();
  const std::string before = fingerprint(s.dir / "ws");
  EXPECT_EQ(request("PATCH", "/api/sites/x", R"({"availability":"immediately"})").status, 401);
  EXPECT_EQ(request("PATCH", "/api/municipalities/Vaduz", R"({"jobs":1})").status, 401);
  EXPECT_EQ(fingerprint(s.dir / "ws"), before);  // no site table created, nothing written
  Workspace ws = Workspace::open(s.dir / "ws");
  EXPECT_FALSE(ws.db().table_exists("sites"));
}

TEST(WebSecurity, NumbersAreRangeChecked) {
  site();
  const auto anna = login("anna", "anna-password");
  auto jobs = [] {
    Workspace ws = Workspace::open(site().dir / "ws");
    auto st = ws.db().prepare("SELECT jobs FROM municipalities WHERE key = 'Vaduz'");
    st.step();
    return st.int64(0);
  };
  const int64_t before = jobs();
  for (const std::string body : {R"({"jobs": 18446744073709551615})", R"({"jobs": 9223372036854775808})", R"({"jobs": 1.5})",
                                 R"({"jobs": 1e300})", R"({"jobs": -1})"})
    EXPECT_EQ(request("PATCH", "/api/municipalities/Vaduz", body, {"Cookie: " + anna.first, "X-CSRF-Token: " + anna.second}).status,
              400)
        << body;
  EXPECT_EQ(jobs(), before);
  // Non-finite numbers in coordinates, minutes and enquiries.
  for (const std::string target :
       {"/api/isochrone?at=nan,nan", "/api/isochrone?at=47.14,9.52&minutes=nan", "/api/isochrone?at=47.14,9.52&minutes=inf",
        "/api/route?from=nan,9.5&to=47.1,9.5", "/api/sites/enquiry?min_ha=nan", "/api/sites/enquiry?max_price=inf"})
    EXPECT_EQ(request("GET", target).status, 400) << target;
  EXPECT_EQ(request("POST", "/api/matrix", R"({"mode":"car","origins":[[1e999,9.5]],"destinations":[[47.1,9.5]]})").status, 400);
}
