#pragma once
// Numbers as people read them in tables: thousands grouped with commas (1,234,567.8).
#include <cmath>
#include <cstdio>
#include <string>

namespace cityregions {

inline std::string grouped(double v, int decimals = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::abs(v));
  const std::string s = buf;
  const size_t dot = s.find('.') == std::string::npos ? s.size() : s.find('.');
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i && i < dot && (dot - i) % 3 == 0) out += ',';
    out += s[i];
  }
  const bool negative = v < 0 && out.find_first_not_of("0.,") != std::string::npos;
  return (negative ? "-" : "") + out;
}

}  // namespace cityregions
