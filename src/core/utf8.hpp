#pragma once
// UTF-8 checks for outside text (HTTP requests, imported files): well-formed sequences only
// (no overlong forms, no surrogates, nothing above U+10FFFF).
#include <cstddef>
#include <string>
#include <string_view>

namespace cityregions {

// The byte offset of the first malformed sequence, or npos when the text is valid UTF-8.
size_t invalid_utf8_at(std::string_view text);
inline bool valid_utf8(std::string_view text) { return invalid_utf8_at(text) == std::string_view::npos; }
// The text with every malformed sequence replaced by U+FFFD.
std::string replace_invalid_utf8(std::string_view text);

}  // namespace cityregions
