#include "web_commands.hpp"

#include <fmt/core.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <thread>

#include "core/error.hpp"
#include "io/gtfs.hpp"
#include "web/accounts.hpp"
#include "web/http_server.hpp"
#include "web/region_api.hpp"

namespace cityregions::cli {

namespace {

// The password from the terminal without echo, or the first line of stdin when it is not one.
std::string read_password() {
  std::string password;
  if (isatty(STDIN_FILENO)) {
    fmt::print(stderr, "password: ");
    termios old{};
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    std::getline(std::cin, password);
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    fmt::print(stderr, "\n");
  } else {
    std::getline(std::cin, password);
  }
  return password;
}

}  // namespace

WebCommands::WebCommands(CLI::App& app) {
  serve_ = app.add_subcommand("serve", "the web platform of a workspace: JSON API and map UI");
  serve_->add_option("WS", ws_, "workspace directory")->required();
  serve_->add_option("--bind", bind_, "address to listen on (127.0.0.1: this machine only)")->capture_default_str();
  serve_->add_option("--port", port_, "TCP port (0: any free port)")->capture_default_str();
  serve_->add_option("--web", web_dir_, "directory of the built web UI (default: web/dist of the source tree)");
  serve_->add_option("--pool-scenario", pool_scenario_, "pool scenario (TOML) for the pool dashboard");
  serve_->add_option("--transit-date", transit_date_, "service date for public transport, e.g. 2016-11-15 (default: off)");
  serve_->add_option("--workers", workers_, "threads serving connections and computing answers")->capture_default_str();
  serve_->add_option("--public-host", public_hosts_,
                     "a host name the server answers to besides localhost and the bind address, e.g. region.example.org "
                     "(repeatable; other Host headers are refused)");
  serve_->add_flag("--behind-tls", behind_tls_, "served through a TLS proxy: session cookies get the Secure flag");
  serve_->add_option("--max-connections", max_connections_, "open connections at most; more get 503")->capture_default_str();

  auto* user = app.add_subcommand("user", "accounts of the web platform");
  user->require_subcommand(1);
  user_add_ = user->add_subcommand("add", "add or replace an account; the password is read from the terminal or stdin");
  user_add_->add_option("WS", ws_, "workspace directory")->required();
  user_add_->add_option("--name", name_, "user name")->required();
  user_add_->add_option("--role", role_, "admin (everything), editor (own municipality) or viewer (read only)")->required();
  user_add_->add_option("--municipality", municipality_, "an editor's municipality (key)");
  user_remove_ = user->add_subcommand("remove", "remove an account (its sessions end at once)");
  user_remove_->add_option("WS", ws_, "workspace directory")->required();
  user_remove_->add_option("--name", name_, "user name")->required();
  user_list_ = user->add_subcommand("list", "the accounts and their roles");
  user_list_->add_option("WS", ws_, "workspace directory")->required();
}

bool WebCommands::run() {
  if (user_add_->parsed()) {
    auto ws = Workspace::open(ws_);
    const User u{name_, parse_role(role_), municipality_};
    if (u.role != Role::editor && !municipality_.empty()) throw Error("--municipality: only editors belong to a municipality");
    add_user(ws, u, read_password());
    fmt::print("Account {} ({}{}) saved; the password is stored as an Argon2id hash.\n", u.name, role_name(u.role),
               u.municipality.empty() ? "" : ", municipality " + u.municipality);
  } else if (user_remove_->parsed()) {
    auto ws = Workspace::open(ws_);
    remove_user(ws, name_);
    fmt::print("Account {} removed.\n", name_);
  } else if (user_list_->parsed()) {
    auto ws = Workspace::open(ws_);
    for (const auto& u : list_users(ws)) fmt::print("  {:<20} {:<7} {}\n", u.name, role_name(u.role), u.municipality);
  } else if (serve_->parsed()) {
    if (port_ < 0 || port_ > 65535) throw Error("--port: expected 0 … 65535");
    if (workers_ < 1 || workers_ > 256) throw Error("--workers: expected 1 … 256");
    if (max_connections_ < 1) throw Error("--max-connections: expected at least 1");
    // Signals are taken by one thread with sigwait, so that workers never see them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    ApiOptions o;
    o.workspace = ws_;
    o.static_dir = web_dir_.empty() ? std::filesystem::path(CITYREGIONS_WEB_DIR) : std::filesystem::path(web_dir_);
    if (!std::filesystem::exists(o.static_dir / "index.html")) {
      fmt::print(stderr, "warning: no web UI in {} (build it with scripts/setup); serving the API only\n", o.static_dir.string());
      o.static_dir.clear();
    }
    o.pool_scenario = pool_scenario_;
    o.behind_tls = behind_tls_;
    std::string bind = bind_;
    if (bind.find(':') != std::string::npos) bind = "[" + bind + "]";  // IPv6 as in a Host header
    o.hosts.push_back(bind);
    for (auto h : public_hosts_) {
      for (auto& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      o.hosts.push_back(h);
    }
    if (!transit_date_.empty()) o.transit_date = parse_date(transit_date_);
    fmt::print(stderr, "loading {} …\n", ws_);
    RegionApi api(o);
    HttpServer server({bind_, static_cast<uint16_t>(port_), workers_, 1 << 20, 20, max_connections_},
                      [&](const HttpRequest& rq) { return api.handle(rq); });
    std::thread waiter([&] {
      int sig = 0;
      sigwait(&signals, &sig);
      server.stop();
    });
    fmt::print("cityregions serving {} on http://{}:{}/ (Ctrl-C stops)\n", ws_, bind_, server.port());
    std::fflush(stdout);
    server.run();
    waiter.join();
  } else {
    return false;
  }
  return true;
}

}  // namespace cityregions::cli
