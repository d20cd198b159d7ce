#pragma once
// The street modes a network is built for.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace cityregions {

enum class Mode : uint8_t { walk = 0, bike = 1, car = 2 };
inline constexpr std::array<Mode, 3> kStreetModes{Mode::walk, Mode::bike, Mode::car};

std::string_view mode_name(Mode m);
// Throws an Error listing the valid names.
Mode parse_mode(std::string_view name);

}  // namespace cityregions
