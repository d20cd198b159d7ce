#pragma once
// A progress line on the terminal for work that takes more than a moment.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace cityregions {

class Progress {
 public:
  // Draws only when enabled and stderr is a terminal.
  Progress(std::string label, uint64_t total, bool enabled);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Thread-safe; redraws at most a few times per second.
  void advance(uint64_t n = 1);
  void finish();

 private:
  void draw(uint64_t done, bool final);
  std::string label_;
  uint64_t total_;
  bool enabled_;
  bool finished_ = false;
  std::atomic<uint64_t> done_{0};
  std::mutex draw_mutex_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace cityregions
