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

// The same for text with a name that stands for its file (e.g. a document built into the program).
inline toml::table parse_toml_text(std::string_view text, const std::string& name) {
  try {
    return toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    throw Error(name + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
}

}  // namespace cityregions
