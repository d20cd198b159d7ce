#pragma once
// Reading a TOML file, a syntax error reported as "file:line: what".
#include <filesystem>
#include <toml++/toml.h>

#include "core/error.hpp"

namespace cityregions {

inline toml::table parse_toml_file(const std::filesystem::path& file) {
  try {
    return toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    throw Error(file.string() + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
}

}  // namespace cityregions
