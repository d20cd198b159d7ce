#pragma once
// RFC 4180 CSV reader: UTF-8 BOM, quoted fields, CRLF; the delimiter (, ; or tab) is detected
// from the header line, since German statistical offices publish with semicolons.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace cityregions {

// A field for writing: quoted (and quotes doubled) when it holds a comma, quote or line break.
std::string csv_escape(const std::string& field);

class CsvReader {
 public:
  explicit CsvReader(const std::string& path);
  // Reads text already in memory (e.g. a member of a zip); `name` is used in error messages.
  CsvReader(std::string name, std::string text);

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

 private:
  bool read_record(std::vector<std::string>& fields);
  void start();
  std::string path_;
  std::string text_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t record_line_ = 0;
  char delim_ = ',';
  std::vector<std::string> header_;
};

}  // namespace cityregions
