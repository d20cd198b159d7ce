#pragma once
// RFC 4180 CSV reader: UTF-8 BOM, quoted fields, CRLF; the delimiter (, ; or tab) is detected
// from the header line, since German statistical offices publish with semicolons.
//
// One strict-input discipline for every CSV the project reads: the text must be valid UTF-8
// (or is converted from Windows-1252 / Latin-1 on request), and numbers are read whole —
// "9x000" is an error naming FILE:LINE and the field, never 9. Decimal-comma files
// ("1.234,5") are read on request; a number that could be read either way is refused.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cityregions {

enum class TextEncoding { utf8, windows1252, latin1 };
// "utf-8" (also "utf8"), "windows-1252" ("cp1252"), "latin-1" ("iso-8859-1"); throws otherwise.
TextEncoding parse_encoding(const std::string& name);

struct CsvOptions {
  TextEncoding encoding = TextEncoding::utf8;
  bool decimal_comma = false;  // "1.234,5": dots group thousands, the comma separates decimals
};

// A field for writing: quoted (and quotes doubled) when it holds a comma, quote or line break.
std::string csv_escape(const std::string& field);

// Numbers of outside text, the whole text or nothing. With decimal_comma, "1.234,5" → 1234.5 and
// "1.234" → 1234; without, "1234.5" and "-1e3". Surrounding spaces are allowed; thousands
// spaces ("12 345") too.
std::optional<double> parse_number(std::string_view text, bool decimal_comma = false);
// A whole number in int64 range ("12345", "12 345"; with decimal_comma also "12.345").
std::optional<int64_t> parse_whole(std::string_view text, bool decimal_comma = false);
// Why `text` is not a number in the given style, for messages: names a decimal comma in a
// decimal-point file, and the reverse.
std::string number_problem(std::string_view text, bool decimal_comma);
std::string whole_problem(std::string_view text, bool decimal_comma);
// True for "1.234" or "12.500.000": dots that group thousands in decimal-comma style or mark
// decimals in decimal-point style — a value that may be read two ways.
bool ambiguous_thousands(std::string_view text);

class CsvReader {
 public:
  explicit CsvReader(const std::string& path, CsvOptions options = {});
  // Reads text already in memory (e.g. a member of a zip); `name` is used in error messages.
  CsvReader(std::string name, std::string text, CsvOptions options = {});

  const std::vector<std::string>& header() const { return header_; }
  // Index of a column or nullopt.
  std::optional<size_t> column(const std::string& name) const;
  // Like column() but throws an error naming the file and the field.
  size_t require_column(const std::string& name) const;

  // Next record; false at end of file. Throws on a record with the wrong number of fields.
  bool next(std::vector<std::string>& fields);
  // Line (1-based) where the last record returned by next() started.
  size_t line() const { return record_line_; }
  const std::string& path() const { return path_; }
  const CsvOptions& options() const { return options_; }

  // The field of column `col` of the current record as a number / whole number; nullopt when
  // empty; an error "FILE:LINE: field 'NAME': 'V' is not a number" otherwise.
  std::optional<double> number(const std::vector<std::string>& fields, size_t col) const;
  std::optional<int64_t> whole(const std::vector<std::string>& fields, size_t col) const;
  // Like number() but the field must not be empty.
  double required_number(const std::vector<std::string>& fields, size_t col) const;
  // An error at the current record's line for column `col`.
  [[noreturn]] void fail(size_t col, const std::string& what) const;

 private:
  bool read_record(std::vector<std::string>& fields);
  void start();
  std::string path_;
  std::string text_;
  CsvOptions options_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t record_line_ = 0;
  char delim_ = ',';
  std::vector<std::string> header_;
};

}  // namespace cityregions
