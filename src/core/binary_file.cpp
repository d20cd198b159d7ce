#include "core/binary_file.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>

namespace cityregions {

namespace fs = std::filesystem;

std::string new_build_id() {
  if (sodium_init() < 0) throw Error("libsodium cannot start");
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[2 * sizeof bytes + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

void sync_to_disk(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(path.string() + ": cannot open to sync (" + std::strerror(errno) + ")");
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) throw Error(path.string() + ": cannot sync to disk (" + std::strerror(err) + ")");
}

void BinaryWriter::finish() {
  out_.flush();
  out_.close();
  if (out_.fail()) throw Error(file_.string() + ": write failed (disk full?)");
  sync_to_disk(file_);
}

BinaryReader::BinaryReader(const fs::path& file, const FileMagic& magic, uint32_t version, const std::string& hint)
    : file_(file), hint_(hint), in_(file, std::ios::binary) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (!in_ || ec) throw Error(file.string() + ": missing (" + hint + ")");
  left_ = size;
  FileMagic m{};
  if (left_ < m.size() + sizeof(uint32_t)) throw Error(file.string() + ": not a file of this kind (" + hint + ")");
  read(m.data(), m.size());
  if (m != magic) throw Error(file.string() + ": not a file of this kind (" + hint + ")");
  const auto v = value<uint32_t>();
  if (v != version)
    throw Error(file.string() + ": format version " + std::to_string(v) + ", this build reads " + std::to_string(version) + " (" +
                hint + ")");
  build_id_ = string();
}

void BinaryReader::read(void* to, uint64_t bytes) {
  if (bytes > left_) throw Error(file_.string() + ": truncated (" + hint_ + ")");
  in_.read(static_cast<char*>(to), static_cast<std::streamsize>(bytes));
  if (!in_) throw Error(file_.string() + ": truncated (" + hint_ + ")");
  left_ -= bytes;
}

void BinaryReader::strings(std::vector<std::string>& v) {
  std::vector<uint64_t> ends;
  std::vector<char> chars;
  array(ends);
  array(chars);
  v.clear();
  v.reserve(ends.size());
  uint64_t begin = 0;
  for (uint64_t end : ends) {
    if (end < begin || end > chars.size()) throw corrupt("text table");
    v.emplace_back(chars.data() + begin, chars.data() + end);
    begin = end;
  }
}

std::string BinaryReader::string() {
  std::vector<std::string> v;
  strings(v);
  if (v.size() != 1) throw corrupt("text");
  return v[0];
}

void BinaryReader::expect_end() {
  if (left_ != 0) throw corrupt(std::to_string(left_) + " bytes after the end");
}

Error BinaryReader::corrupt(const std::string& what) const { return Error(file_.string() + ": corrupt (" + what + "; " + hint_ + ")"); }

}  // namespace cityregions
