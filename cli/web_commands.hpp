#pragma once
// `serve` (the web platform of a workspace) and `user add|list` (its accounts).
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace cityregions::cli {

class WebCommands {
 public:
  explicit WebCommands(CLI::App& app);
  bool run();

 private:
  CLI::App *serve_ = nullptr, *user_add_ = nullptr, *user_list_ = nullptr, *user_remove_ = nullptr;
  std::string ws_, bind_ = "127.0.0.1", web_dir_, pool_scenario_, transit_date_, name_, role_, municipality_;
  std::vector<std::string> public_hosts_;
  int port_ = 8080;
  unsigned workers_ = 8;
  size_t max_connections_ = 512;
  bool behind_tls_ = false;
};

}  // namespace cityregions::cli
