#include "io/csv.hpp"

#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace cityregions {

std::string csv_escape(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

CsvReader::CsvReader(const std::string& path) : path_(path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  text_ = ss.str();
  start();
}

CsvReader::CsvReader(std::string name, std::string text) : path_(std::move(name)), text_(std::move(text)) { start(); }

void CsvReader::start() {
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
