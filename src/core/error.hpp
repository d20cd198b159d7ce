#pragma once
// Errors a user can act on: each names the file, the record or line, and the field at fault.
#include <stdexcept>
#include <string>

namespace cityregions {

// Raised for bad input or bad usage; the CLI prints what() as one line and exits non-zero.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "FILE:WHERE: field 'FIELD': WHAT" — WHERE is a line number or a record description.
inline Error input_error(const std::string& file, const std::string& where, const std::string& field,
                         const std::string& what) {
  std::string msg = file;
  if (!where.empty()) msg += ":" + where;
  msg += ": ";
  if (!field.empty()) msg += "field '" + field + "': ";
  msg += what;
  return Error(msg);
}

}  // namespace cityregions
