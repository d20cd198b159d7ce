#pragma once
// Versioned binary files of flat arrays: an 8-byte magic, a version, then values and arrays
// (length + raw bytes). Readers check all three and name the file in every error.
#include <array>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <type_traits>
#include <vector>

#include "core/error.hpp"

namespace cityregions {

using FileMagic = std::array<char, 8>;

class BinaryWriter {
 public:
  BinaryWriter(const std::filesystem::path& file, const FileMagic& magic, uint32_t version)
      : file_(file), out_(file, std::ios::binary | std::ios::trunc) {
    if (!out_) throw Error(file.string() + ": cannot write");
    out_.write(magic.data(), magic.size());
    value(version);
  }
  template <class T>
  void value(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.write(reinterpret_cast<const char*>(&v), sizeof v);
  }
  template <class T>
  void array(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    value(static_cast<uint64_t>(v.size()));
    out_.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
  }
  void strings(const std::vector<std::string>& v) {
    std::vector<uint64_t> ends;
    std::vector<char> chars;
    for (const auto& s : v) {
      chars.insert(chars.end(), s.begin(), s.end());
      ends.push_back(chars.size());
    }
    array(ends);
    array(chars);
  }
  void string(const std::string& s) { strings({s}); }
  void finish() {
    if (!out_.flush()) throw Error(file_.string() + ": write failed");
  }

 private:
  std::filesystem::path file_;
  std::ofstream out_;
};

class BinaryReader {
 public:
  // `hint` tells the user how to make a fresh file, e.g. "re-run 'cityregions import osm'".
  BinaryReader(const std::filesystem::path& file, const FileMagic& magic, uint32_t version, const std::string& hint)
      : file_(file), in_(file, std::ios::binary) {
    if (!in_) throw Error(file.string() + ": missing (" + hint + ")");
    FileMagic m{};
    in_.read(m.data(), m.size());
    if (!in_ || m != magic) throw Error(file.string() + ": not a file of this kind (" + hint + ")");
    const auto v = value<uint32_t>();
    if (v != version)
      throw Error(file.string() + ": format version " + std::to_string(v) + ", this build reads " + std::to_string(version) +
                  " (" + hint + ")");
  }
  template <class T>
  T value() {
    T v{};
    in_.read(reinterpret_cast<char*>(&v), sizeof v);
    if (!in_) throw Error(file_.string() + ": truncated");
    return v;
  }
  template <class T>
  void array(std::vector<T>& v) {
    const auto n = value<uint64_t>();
    if (n > (uint64_t{1} << 34) / sizeof(T)) throw Error(file_.string() + ": corrupt (array of " + std::to_string(n) + ")");
    v.resize(n);
    in_.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(T)));
    if (!in_) throw Error(file_.string() + ": truncated");
  }
  void strings(std::vector<std::string>& v) {
    std::vector<uint64_t> ends;
    std::vector<char> chars;
    array(ends);
    array(chars);
    v.clear();
    v.reserve(ends.size());
    uint64_t begin = 0;
    for (uint64_t end : ends) {
      if (end < begin || end > chars.size()) throw Error(file_.string() + ": corrupt text table");
      v.emplace_back(chars.data() + begin, chars.data() + end);
      begin = end;
    }
  }
  std::string string() {
    std::vector<std::string> v;
    strings(v);
    if (v.size() != 1) throw Error(file_.string() + ": corrupt text");
    return v[0];
  }

 private:
  std::filesystem::path file_;
  std::ifstream in_;
};

}  // namespace cityregions
