#pragma once
// Versioned binary files of flat arrays: an 8-byte magic, a version, the build id of the import
// that wrote the file, then values and arrays (length + raw bytes). Readers check the magic and
// the version, refuse any length larger than the bytes left in the file (before allocating), and
// name the file in every error. Writers flush and fsync in finish().
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

// A fresh random id (32 hex digits) that an import writes into the workspace database and into
// every file it derives, so that files and database of two different imports never pair up.
std::string new_build_id();

// Forces the file's (or directory's) contents to disk; an Error naming it when that fails.
void sync_to_disk(const std::filesystem::path& path);

class BinaryWriter {
 public:
  BinaryWriter(const std::filesystem::path& file, const FileMagic& magic, uint32_t version, const std::string& build_id)
      : file_(file), out_(file, std::ios::binary | std::ios::trunc) {
    if (!out_) throw Error(file.string() + ": cannot write");
    out_.write(magic.data(), magic.size());
    value(version);
    string(build_id);
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
  // Flushes, closes and syncs the file; throws when any write failed.
  void finish();

 private:
  std::filesystem::path file_;
  std::ofstream out_;
};

class BinaryReader {
 public:
  // `hint` tells the user how to make a fresh file, e.g. "re-run 'cityregions import osm'".
  BinaryReader(const std::filesystem::path& file, const FileMagic& magic, uint32_t version, const std::string& hint);
  const std::string& build_id() const { return build_id_; }
  template <class T>
  T value() {
    T v{};
    read(&v, sizeof v);
    return v;
  }
  template <class T>
  void array(std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto n = value<uint64_t>();
    if (n > left_ / sizeof(T)) throw corrupt("an array of " + std::to_string(n) + " values, " + std::to_string(left_) + " bytes left");
    v.resize(n);
    read(v.data(), n * sizeof(T));
  }
  void strings(std::vector<std::string>& v);
  std::string string();
  // Whether every byte was read (a longer file is as corrupt as a shorter one).
  void expect_end();
  // "FILE: corrupt (WHAT; HINT)" — for the loaders' own consistency checks as well.
  Error corrupt(const std::string& what) const;

 private:
  void read(void* to, uint64_t bytes);
  std::filesystem::path file_;
  std::string hint_;
  std::ifstream in_;
  uint64_t left_ = 0;
  std::string build_id_;
};

}  // namespace cityregions
