#pragma once
// Reading a TOML file, a syntax error reported as "file:line: what".
#include <filesystem>
#include <toml++/toml.h>

#include "core/error.hpp"

namespace cityregions {

// "file:line: what", or "file: what" when the error has no line (an unreadable file).
inline Error toml_error(const std::string& name, const toml::parse_error& e) {
  const auto line = e.source().begin.line;
  std::string msg = name;
  if (line > 0) msg.append(1, ':').append(std::to_string(line));
  msg.append(": ").append(e.description());
  return Error(msg);
}

inline toml::table parse_toml_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) throw Error(file.string() + ": no such file");
  try {
    return toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    throw toml_error(file.string(), e);
  }
}

// The same for text with a name that stands for its file (e.g. a document built into the program).
inline toml::table parse_toml_text(std::string_view text, const std::string& name) {
  try {
    return toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    throw toml_error(name, e);
  }
}

}  // namespace cityregions
