#include "io/csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/utf8.hpp"

namespace cityregions {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Digits in groups of three after a first group of one to three, separated by `sep`; the first
// group does not start with 0 unless it is the only digit.
bool digit_groups(std::string_view s, char sep) {
  const size_t first = s.find(sep);
  if (first == std::string_view::npos || first == 0 || first > 3 || s[0] == '0') return false;
  for (size_t i = 0; i < first; ++i)
    if (!is_digit(s[i])) return false;
  for (size_t i = first; i < s.size(); i += 4) {
    if (s[i] != sep || s.size() - i < 4) return false;
    for (size_t k = 1; k <= 3; ++k)
      if (!is_digit(s[i + k])) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The text of a number in decimal-point form ("-1234.5"), or nullopt when its grouping or
// separators do not fit the style.
std::optional<std::string> normalise(std::string_view text, bool decimal_comma) {
  std::string_view s = trim(text);
  if (s.empty()) return std::nullopt;
  std::string sign;
  if (s.front() == '-') {
    sign = "-";
    s.remove_prefix(1);
  }
  const char decimal = decimal_comma ? ',' : '.';
  const size_t dec = s.find(decimal);
  std::string_view whole = s.substr(0, dec), fraction = dec == std::string_view::npos ? "" : s.substr(dec + 1);
  if (dec != std::string_view::npos && fraction.empty()) return std::nullopt;
  std::string digits;
  const bool spaced = whole.find(' ') != std::string_view::npos;
  const bool dotted = decimal_comma && whole.find('.') != std::string_view::npos;
  if (spaced || dotted) {
    if (!digit_groups(whole, spaced ? ' ' : '.') || (spaced && dotted)) return std::nullopt;
    for (char c : whole)
      if (is_digit(c)) digits += c;
  } else {
    digits = std::string(whole);
  }
  std::string out;
  out.reserve(sign.size() + digits.size() + fraction.size() + 1);
  out.append(sign).append(digits);
  if (dec != std::string_view::npos) out.append(1, '.').append(fraction);
  for (char c : out)
    if (!(is_digit(c) || c == '.' || c == '-' || c == 'e' || c == 'E' || c == '+')) return std::nullopt;
  return out;
}

}  // namespace

TextEncoding parse_encoding(const std::string& name) {
  std::string n;
  for (char c : name) n += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (n == "utf-8" || n == "utf8") return TextEncoding::utf8;
  if (n == "windows-1252" || n == "cp1252") return TextEncoding::windows1252;
  if (n == "latin-1" || n == "latin1" || n == "iso-8859-1") return TextEncoding::latin1;
  throw Error("--encoding: '" + name + "' is not one of utf-8, windows-1252, latin-1");
}

std::optional<double> parse_number(std::string_view text, bool decimal_comma) {
  const auto n = normalise(text, decimal_comma);
  if (!n || n->empty()) return std::nullopt;
  double v = 0;
  const char* end = n->data() + n->size();
  auto [p, ec] = std::from_chars(n->data(), end, v);
  if (ec != std::errc() || p != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<int64_t> parse_whole(std::string_view text, bool decimal_comma) {
  const auto n = normalise(text, decimal_comma);
  if (!n || n->empty() || n->find_first_of(".eE+") != std::string::npos) return std::nullopt;
  int64_t v = 0;
  const char* end = n->data() + n->size();
  auto [p, ec] = std::from_chars(n->data(), end, v);
  if (ec != std::errc() || p != end) return std::nullopt;
  return v;
}

bool ambiguous_thousands(std::string_view text) {
  std::string_view s = trim(text);
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  return digit_groups(s, '.');
}

std::string whole_problem(std::string_view text, bool decimal_comma) {
  const std::string t(text);
  if (!decimal_comma && ambiguous_thousands(t))
    return "'" + t + "' is not a whole number (a thousands dot? give --decimal-comma for files in the 1.234,5 style)";
  if (parse_number(t, decimal_comma) || !parse_number(t, !decimal_comma)) return "'" + t + "' is not a whole number";
  return number_problem(t, decimal_comma);
}

std::string number_problem(std::string_view text, bool decimal_comma) {
  const std::string t(text);
  if (!decimal_comma && t.find(',') != std::string::npos && parse_number(t, true))
    return "'" + t + "' has a decimal comma (give --decimal-comma for files in the 1.234,5 style)";
  if (decimal_comma && t.find('.') != std::string::npos && parse_number(t, false))
    return "'" + t + "' has a decimal point, but the file is read with --decimal-comma (1.234,5)";
  return "'" + t + "' is not a number";
}

std::string csv_escape(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

CsvReader::CsvReader(const std::string& path, CsvOptions options) : path_(path), options_(options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  text_ = ss.str();
  start();
}

CsvReader::CsvReader(std::string name, std::string text, CsvOptions options)
    : path_(std::move(name)), text_(std::move(text)), options_(options) {
  start();
}

namespace {

// Windows-1252's characters at 0x80–0x9F (0 where the code page leaves a byte undefined).
constexpr char16_t kCp1252[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
                                  0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
                                  0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

size_t line_at(const std::string& text, size_t offset) {
  return 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

}  // namespace

void CsvReader::start() {
  if (options_.encoding == TextEncoding::utf8) {
    if (const size_t bad = invalid_utf8_at(text_); bad != std::string::npos) {
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text_[bad]));
      throw input_error(path_, std::to_string(line_at(text_, bad)), "",
                        std::string("invalid UTF-8 (byte ") + byte +
                            "); give --encoding windows-1252 or --encoding latin-1 if the file is not UTF-8");
    }
  } else {
    std::string out;
    out.reserve(text_.size() + text_.size() / 8);
    for (size_t i = 0; i < text_.size(); ++i) {
      const auto b = static_cast<unsigned char>(text_[i]);
      if (b < 0x80) {
        out += static_cast<char>(b);
      } else if (b < 0xA0 && options_.encoding == TextEncoding::windows1252) {
        if (!kCp1252[b - 0x80]) {
          char byte[8];
          std::snprintf(byte, sizeof byte, "0x%02X", b);
          throw input_error(path_, std::to_string(line_at(text_, i)), "", std::string("byte ") + byte + " is not a Windows-1252 character");
        }
        append_utf8(out, kCp1252[b - 0x80]);
      } else {
        append_utf8(out, b);
      }
    }
    text_ = std::move(out);
  }
  if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
  const auto eol = text_.find('\n', pos_);
  const std::string first = text_.substr(pos_, eol == std::string::npos ? std::string::npos : eol - pos_);
  size_t commas = 0, semis = 0, tabs = 0;
  for (char c : first) commas += c == ',', semis += c == ';', tabs += c == '\t';
  delim_ = semis > commas && semis >= tabs ? ';' : (tabs > commas ? '\t' : ',');
  if (!read_record(header_)) throw Error(path_ + ": empty file, expected a header line");
  for (auto& h : header_) {
    while (!h.empty() && (h.back() == ' ')) h.pop_back();
    while (!h.empty() && (h.front() == ' ')) h.erase(h.begin());
  }
}

std::optional<size_t> CsvReader::column(const std::string& name) const {
  for (size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return i;
  return std::nullopt;
}

size_t CsvReader::require_column(const std::string& name) const {
  if (auto c = column(name)) return *c;
  std::string have;
  for (const auto& h : header_) have += (have.empty() ? "" : ", ") + h;
  throw input_error(path_, "1", name, "no such column in the header (columns: " + have + ")");
}

void CsvReader::fail(size_t col, const std::string& what) const {
  throw input_error(path_, std::to_string(record_line_), col < header_.size() ? header_[col] : "", what);
}

std::optional<double> CsvReader::number(const std::vector<std::string>& f, size_t col) const {
  const std::string& v = f.at(col);
  if (trim(v).empty()) return std::nullopt;
  if (auto d = parse_number(v, options_.decimal_comma)) return d;
  fail(col, number_problem(v, options_.decimal_comma));
}

double CsvReader::required_number(const std::vector<std::string>& f, size_t col) const {
  if (auto d = number(f, col)) return *d;
  fail(col, "empty, expected a number");
}

std::optional<int64_t> CsvReader::whole(const std::vector<std::string>& f, size_t col) const {
  const std::string& v = f.at(col);
  if (trim(v).empty()) return std::nullopt;
  if (auto i = parse_whole(v, options_.decimal_comma)) return i;
  fail(col, whole_problem(v, options_.decimal_comma));
}

bool CsvReader::next(std::vector<std::string>& fields) {
  while (true) {
    if (!read_record(fields)) return false;
    if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
    if (fields.size() != header_.size())
      throw input_error(path_, std::to_string(record_line_), "",
                        "expected " + std::to_string(header_.size()) + " fields, found " + std::to_string(fields.size()));
    return true;
  }
}

bool CsvReader::read_record(std::vector<std::string>& fields) {
  fields.clear();
  if (pos_ >= text_.size()) return false;
  record_line_ = line_;
  std::string field;
  bool quoted = false, was_quoted = false;
  while (pos_ < text_.size()) {
    const char c = text_[pos_++];
    if (quoted) {
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field += '"';
          ++pos_;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line_;
        field += c;
      }
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == delim_) {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\n') {
      ++line_;
      break;
    } else if (c != '\r') {
      field += c;
    }
  }
  if (quoted) throw input_error(path_, std::to_string(record_line_), "", "unterminated quoted field");
  fields.push_back(std::move(field));
  return true;
}

}  // namespace cityregions
