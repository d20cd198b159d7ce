#pragma once
// The absent index in the flat 32-bit arrays of graphs and feeds.
#include <cstdint>
#include <limits>

namespace cityregions {

inline constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

}  // namespace cityregions
