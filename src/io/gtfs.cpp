#include "io/gtfs.hpp"

#include <sodium.h>
#include <zip.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <numeric>
#include <optional>
#include <unordered_map>

#include "core/binary_file.hpp"
#include "io/csv.hpp"
#include "core/error.hpp"

namespace cityregions {

namespace fs = std::filesystem;

int32_t parse_date(const std::string& text) {
  std::string digits;
  for (char c : text)
    if (c != '-') digits += c;
  int32_t v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  const std::chrono::year_month_day ymd{std::chrono::year(v / 10000), std::chrono::month(static_cast<unsigned>(v / 100 % 100)),
                                        std::chrono::day(static_cast<unsigned>(v % 100))};
  if (digits.size() != 8 || ec != std::errc() || p != digits.data() + digits.size() || !ymd.ok())
    throw Error("'" + text + "' is not a date (expected YYYY-MM-DD or YYYYMMDD)");
  return v;
}

namespace {
std::chrono::sys_days to_days(int32_t v) {
  return std::chrono::year_month_day{std::chrono::year(v / 10000), std::chrono::month(static_cast<unsigned>(v / 100 % 100)),
                                     std::chrono::day(static_cast<unsigned>(v % 100))};
}
int32_t from_days(std::chrono::sys_days d) {
  const std::chrono::year_month_day ymd(d);
  return static_cast<int>(ymd.year()) * 10000 + static_cast<int32_t>(static_cast<unsigned>(ymd.month())) * 100 +
         static_cast<int32_t>(static_cast<unsigned>(ymd.day()));
}
}  // namespace

int32_t add_days(int32_t yyyymmdd, int days) { return from_days(to_days(yyyymmdd) + std::chrono::days(days)); }

std::optional<int32_t> parse_time_of_day(std::string_view t) {
  int32_t parts[3] = {0, 0, 0};
  int n = 0;
  size_t i = 0;
  while (n < 3 && i <= t.size()) {
    const size_t colon = t.find(':', i);
    const std::string_view piece = t.substr(i, colon == std::string_view::npos ? std::string_view::npos : colon - i);
    if (piece.empty() || piece.size() > 3) return std::nullopt;
    auto [p, ec] = std::from_chars(piece.data(), piece.data() + piece.size(), parts[n]);
    if (ec != std::errc() || p != piece.data() + piece.size() || parts[n] < 0) return std::nullopt;
    ++n;
    if (colon == std::string_view::npos) break;
    i = colon + 1;
  }
  if (n < 2 || parts[1] > 59 || parts[2] > 59 || parts[0] > 72) return std::nullopt;
  return parts[0] * 3600 + parts[1] * 60 + parts[2];
}

std::string format_time_of_day(int32_t s) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  return buf;
}

bool GtfsFeed::service_active(uint32_t service, int32_t date) const {
  if (service >= service_id.size()) return false;  // e.g. kNone: a frequency template that never runs itself
  for (const auto& e : exceptions)
    if (e.service == service && e.date == date) return e.added;
  if (service_weekdays[service] == 0 || date < service_start[service] || date > service_end[service]) return false;
  const unsigned iso = std::chrono::weekday(to_days(date)).iso_encoding();  // 1 = Monday
  return service_weekdays[service] & (1u << (iso - 1));
}

std::pair<int32_t, int32_t> GtfsFeed::date_range() const {
  int32_t lo = 99999999, hi = 0;
  for (size_t s = 0; s < service_id.size(); ++s)
    if (service_weekdays[s]) lo = std::min(lo, service_start[s]), hi = std::max(hi, service_end[s]);
  for (const auto& e : exceptions)
    if (e.added) lo = std::min(lo, e.date), hi = std::max(hi, e.date);
  return {lo, hi};
}

namespace {

class Zip {
 public:
  explicit Zip(const fs::path& path) : path_(path.string()) {
    crypto_generichash_init(&hash_, nullptr, 0, crypto_generichash_BYTES);
    int err = 0;
    zip_ = zip_open(path_.c_str(), ZIP_RDONLY, &err);
    if (!zip_) {
      zip_error_t ze;
      zip_error_init_with_code(&ze, err);
      const std::string msg = zip_error_strerror(&ze);
      zip_error_fini(&ze);
      throw Error(path_ + ": cannot open as a GTFS zip (" + msg + ")");
    }
  }
  ~Zip() { zip_discard(zip_); }
  Zip(const Zip&) = delete;
  Zip& operator=(const Zip&) = delete;

  // The member, also when the feed sits in a sub-folder of the zip.
  std::optional<std::string> read(const std::string& name) {
    zip_int64_t index = zip_name_locate(zip_, name.c_str(), ZIP_FL_NODIR);
    if (index < 0) return std::nullopt;
    zip_stat_t st;
    if (zip_stat_index(zip_, static_cast<zip_uint64_t>(index), 0, &st) != 0) return std::nullopt;
    // A zip bomb, or a size the archive claims: refused before anything is allocated.
    const auto mib = [](zip_uint64_t b) { return std::to_string(b >> 20) + " MiB"; };
    if ((st.valid & ZIP_STAT_SIZE) && st.size > kMaxGtfsMemberBytes)
      throw Error(path_ + ": " + name + " holds " + mib(st.size) + " uncompressed, more than " + mib(kMaxGtfsMemberBytes));
    if ((st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE) && st.size > (zip_uint64_t{16} << 20) &&
        st.size > kMaxGtfsCompression * std::max<zip_uint64_t>(st.comp_size, 1))
      throw Error(path_ + ": " + name + " claims " + mib(st.size) + " from " + std::to_string(st.comp_size) +
                  " compressed bytes (more than " + std::to_string(kMaxGtfsCompression) + " to 1: not a timetable)");
    zip_file_t* f = zip_fopen_index(zip_, static_cast<zip_uint64_t>(index), 0);
    if (!f) throw Error(path_ + ": cannot read " + name);
    std::string data;
    for (char chunk[1 << 16];;) {  // grows with what is really there, never beyond the limit
      const zip_int64_t got = zip_fread(f, chunk, sizeof chunk);
      if (got < 0) {
        zip_fclose(f);
        throw Error(path_ + ": " + name + " is damaged (" + zip_strerror(zip_) + ")");
      }
      if (got == 0) break;
      data.append(chunk, static_cast<size_t>(got));
      if (data.size() > kMaxGtfsMemberBytes) {
        zip_fclose(f);
        throw Error(path_ + ": " + name + " holds more than " + mib(kMaxGtfsMemberBytes) + " uncompressed");
      }
    }
    zip_fclose(f);
    if ((st.valid & ZIP_STAT_SIZE) && data.size() != st.size) throw Error(path_ + ": " + name + " is truncated");
    // The content hash covers each table read, named, with its length.
    const std::string head = name + '\0' + std::to_string(data.size()) + '\0';
    crypto_generichash_update(&hash_, reinterpret_cast<const unsigned char*>(head.data()), head.size());
    crypto_generichash_update(&hash_, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return data;
  }
  const std::string& path() const { return path_; }
  std::string hash_hex() {
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash_final(&hash_, digest, sizeof digest);
    std::string hex;
    for (unsigned char c : digest) hex += fmt_hex(c);
    return hex;
  }

 private:
  static std::string fmt_hex(unsigned char c) {
    static const char* digits = "0123456789abcdef";
    return {digits[c >> 4], digits[c & 15]};
  }
  std::string path_;
  zip_t* zip_ = nullptr;
  crypto_generichash_state hash_;
};

// One GTFS table: columns by name, each row's line for errors.
class Table {
 public:
  Table(Zip& zip, const std::string& name, bool required) : name_(zip.path() + ":" + name) {
    auto text = zip.read(name);
    if (!text) {
      if (required) throw Error(zip.path() + ": required file " + name + " is missing");
      return;
    }
    reader_.emplace(name_, std::move(*text));
  }
  bool present() const { return reader_.has_value(); }
  size_t column(const char* c) const { return reader_->require_column(c); }
  std::optional<size_t> optional_column(const char* c) const { return reader_->column(c); }
  bool next() { return reader_->next(row_); }
  const std::string& operator[](size_t c) const { return row_[c]; }
  std::string get(std::optional<size_t> c) const { return c ? row_[*c] : std::string(); }
  [[noreturn]] void fail(const char* field, const std::string& what) const {
    throw input_error(name_, std::to_string(reader_->line()), field, what);
  }
  size_t line() const { return reader_->line(); }

 private:
  std::string name_;
  std::optional<CsvReader> reader_;
  std::vector<std::string> row_;
};

template <class Map>
uint32_t lookup(const Map& m, const std::string& key, const Table& t, const char* field, const char* what) {
  auto it = m.find(key);
  if (it == m.end()) t.fail(field, std::string("unknown ") + what + " '" + key + "'");
  return it->second;
}

}  // namespace

GtfsFeed read_gtfs(const fs::path& path, const std::string& name) {
  if (!fs::is_regular_file(path)) throw Error(path.string() + ": no such file");
  Zip zip(path);
  GtfsFeed f;
  f.name = name;

  {
    Table t(zip, "agency.txt", true);
    const auto tz = t.column("agency_timezone");
    if (t.next()) f.timezone = t[tz];
  }

  std::unordered_map<std::string, uint32_t> stops;
  {
    Table t(zip, "stops.txt", true);
    const auto id = t.column("stop_id");
    const auto sname = t.optional_column("stop_name"), lat = t.optional_column("stop_lat"),
               lon = t.optional_column("stop_lon"), type = t.optional_column("location_type"),
               parent = t.optional_column("parent_station");
    std::vector<std::string> parents;
    while (t.next()) {
      const std::string& sid = t[id];
      if (sid.empty()) t.fail("stop_id", "empty");
      if (!stops.emplace(sid, static_cast<uint32_t>(f.stop_id.size())).second) t.fail("stop_id", "duplicate stop_id '" + sid + "'");
      int lt = 0;
      if (const auto v = t.get(type); !v.empty() && (std::from_chars(v.data(), v.data() + v.size(), lt).ec != std::errc() || lt < 0 || lt > 4))
        t.fail("location_type", "'" + v + "' is not 0–4");
      double la = 0, lo = 0;
      const std::string slat = t.get(lat), slon = t.get(lon);
      const bool needs_position = lt <= 2;
      if (needs_position || !slat.empty()) {
        if (std::from_chars(slat.data(), slat.data() + slat.size(), la).ec != std::errc() || la < -90 || la > 90)
          t.fail("stop_lat", "'" + slat + "' is not a latitude");
        if (std::from_chars(slon.data(), slon.data() + slon.size(), lo).ec != std::errc() || lo < -180 || lo > 180)
          t.fail("stop_lon", "'" + slon + "' is not a longitude");
      }
      f.stop_id.push_back(sid);
      f.stop_name.push_back(t.get(sname));
      f.stop_coord.push_back(FixedLonLat::from({lo, la}));
      f.stop_location_type.push_back(static_cast<uint8_t>(lt));
      parents.push_back(t.get(parent));
    }
    f.stop_parent.assign(f.stop_id.size(), kNone);
    for (size_t i = 0; i < parents.size(); ++i) {
      if (parents[i].empty()) continue;
      if (auto it = stops.find(parents[i]); it != stops.end())
        f.stop_parent[i] = it->second;
      else
        f.warnings.push_back(zip.path() + ":stops.txt: stop " + f.stop_id[i] + " names unknown parent_station " + parents[i]);
    }
  }

  std::unordered_map<std::string, uint32_t> routes;
  {
    Table t(zip, "routes.txt", true);
    const auto id = t.column("route_id"), type = t.column("route_type");
    const auto sn = t.optional_column("route_short_name"), ln = t.optional_column("route_long_name");
    while (t.next()) {
      if (!routes.emplace(t[id], static_cast<uint32_t>(f.route_id.size())).second)
        t.fail("route_id", "duplicate route_id '" + t[id] + "'");
      int rt = 0;
      const std::string& v = t[type];
      if (std::from_chars(v.data(), v.data() + v.size(), rt).ec != std::errc() || rt < 0)
        t.fail("route_type", "'" + v + "' is not a route type");
      f.route_id.push_back(t[id]);
      f.route_short_name.push_back(t.get(sn));
      f.route_long_name.push_back(t.get(ln));
      f.route_type.push_back(rt);
    }
  }

  std::unordered_map<std::string, uint32_t> services;
  auto service = [&](const std::string& sid) {
    auto [it, inserted] = services.emplace(sid, static_cast<uint32_t>(f.service_id.size()));
    if (inserted) {
      f.service_id.push_back(sid);
      f.service_weekdays.push_back(0);
      f.service_start.push_back(0);
      f.service_end.push_back(0);
    }
    return it->second;
  };
  Table calendar(zip, "calendar.txt", false), calendar_dates(zip, "calendar_dates.txt", false);
  if (!calendar.present() && !calendar_dates.present())
    throw Error(zip.path() + ": required file calendar.txt or calendar_dates.txt is missing");
  auto date_field = [](const Table& t, size_t c, const char* field) {
    try {
      return parse_date(t[c]);
    } catch (const Error& e) {
      t.fail(field, e.what());
    }
  };
  if (calendar.present()) {
    const auto id = calendar.column("service_id"), start = calendar.column("start_date"), end = calendar.column("end_date");
    const char* days[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    size_t day_col[7];
    for (int d = 0; d < 7; ++d) day_col[d] = calendar.column(days[d]);
    while (calendar.next()) {
      const uint32_t s = service(calendar[id]);
      uint8_t mask = 0;
      for (int d = 0; d < 7; ++d) {
        const std::string& v = calendar[day_col[d]];
        if (v != "0" && v != "1") calendar.fail(days[d], "'" + v + "' is not 0 or 1");
        if (v == "1") mask = static_cast<uint8_t>(mask | (1u << d));
      }
      f.service_weekdays[s] = mask;
      f.service_start[s] = date_field(calendar, start, "start_date");
      f.service_end[s] = date_field(calendar, end, "end_date");
      if (f.service_end[s] < f.service_start[s]) calendar.fail("end_date", "before start_date");
    }
  }
  if (calendar_dates.present()) {
    const auto id = calendar_dates.column("service_id"), date = calendar_dates.column("date"),
               type = calendar_dates.column("exception_type");
    while (calendar_dates.next()) {
      const std::string& et = calendar_dates[type];
      if (et != "1" && et != "2") calendar_dates.fail("exception_type", "'" + et + "' is not 1 or 2");
      f.exceptions.push_back({service(calendar_dates[id]), date_field(calendar_dates, date, "date"), et == "1"});
    }
  }

  std::unordered_map<std::string, uint32_t> trips;
  {
    Table t(zip, "trips.txt", true);
    const auto id = t.column("trip_id"), route = t.column("route_id"), svc = t.column("service_id");
    while (t.next()) {
      if (!trips.emplace(t[id], static_cast<uint32_t>(f.trip_id.size())).second)
        t.fail("trip_id", "duplicate trip_id '" + t[id] + "'");
      f.trip_id.push_back(t[id]);
      f.trip_route.push_back(lookup(routes, t[route], t, "route_id", "route"));
      f.trip_service.push_back(lookup(services, t[svc], t, "service_id", "service"));
    }
  }

  // Stop times: gathered per trip, ordered by stop_sequence, missing times interpolated.
  struct Row {
    uint32_t trip;
    int32_t sequence;
    uint32_t stop;
    int32_t arrival, departure;  // -1: not given
    uint32_t line;
  };
  std::vector<Row> rows;
  {
    Table t(zip, "stop_times.txt", true);
    const auto trip = t.column("trip_id"), arr = t.column("arrival_time"), dep = t.column("departure_time"),
               stop = t.column("stop_id"), seq = t.column("stop_sequence");
    while (t.next()) {
      Row r{lookup(trips, t[trip], t, "trip_id", "trip"), 0, lookup(stops, t[stop], t, "stop_id", "stop"), -1, -1,
            static_cast<uint32_t>(t.line())};
      const std::string& sq = t[seq];
      if (std::from_chars(sq.data(), sq.data() + sq.size(), r.sequence).ec != std::errc() || r.sequence < 0)
        t.fail("stop_sequence", "'" + sq + "' is not a whole number ≥ 0");
      for (auto [col, field, out] : {std::tuple{arr, "arrival_time", &r.arrival}, std::tuple{dep, "departure_time", &r.departure}}) {
        const std::string& v = t[col];
        if (v.empty()) continue;
        const auto s = parse_time_of_day(v);
        if (!s) t.fail(field, "'" + v + "' is not a time (HH:MM:SS)");
        *out = *s;
      }
      if (r.arrival < 0) r.arrival = r.departure;
      if (r.departure < 0) r.departure = r.arrival;
      if (r.departure >= 0 && r.departure < r.arrival) t.fail("departure_time", "before arrival_time");
      rows.push_back(r);
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.trip != b.trip ? a.trip < b.trip : a.sequence < b.sequence;
  });
  const std::string st_name = zip.path() + ":stop_times.txt";
  f.trip_first_stop_time.assign(f.trip_id.size() + 1, 0);
  for (const auto& r : rows) ++f.trip_first_stop_time[r.trip + 1];
  std::partial_sum(f.trip_first_stop_time.begin(), f.trip_first_stop_time.end(), f.trip_first_stop_time.begin());
  f.stop_time_stop.reserve(rows.size());
  f.stop_time_arrival.reserve(rows.size());
  f.stop_time_departure.reserve(rows.size());
  for (uint32_t tr = 0; tr < f.trip_id.size(); ++tr) {
    const uint32_t b = f.trip_first_stop_time[tr], e = f.trip_first_stop_time[tr + 1];
    if (e - b == 1) f.warnings.push_back(st_name + ": trip " + f.trip_id[tr] + " has a single stop");
    for (uint32_t i = b; i < e; ++i) {
      const Row& r = rows[i];
      if (i > b && r.sequence == rows[i - 1].sequence)
        throw input_error(st_name, std::to_string(r.line), "stop_sequence",
                          "stop_sequence " + std::to_string(r.sequence) + " repeats in trip " + f.trip_id[tr]);
      f.stop_time_stop.push_back(r.stop);
      f.stop_time_arrival.push_back(r.arrival);
      f.stop_time_departure.push_back(r.departure);
    }
    // The first and last stop need times; between timepoints times are interpolated by stop count.
    for (uint32_t i : {b, e - 1})
      if (e > b && f.stop_time_arrival[i] < 0)
        throw input_error(st_name, std::to_string(rows[i].line), "arrival_time", "first and last stop of a trip need times");
    for (uint32_t i = b; i < e;) {
      uint32_t j = i + 1;
      while (j < e && f.stop_time_arrival[j] < 0) ++j;
      for (uint32_t k = i + 1; k < j && j < e; ++k) {
        const int32_t t0 = f.stop_time_departure[i], t1 = f.stop_time_arrival[j];
        f.stop_time_arrival[k] = f.stop_time_departure[k] = t0 + (t1 - t0) * static_cast<int32_t>(k - i) / static_cast<int32_t>(j - i);
      }
      i = j;
    }
    for (uint32_t i = b + 1; i < e; ++i)
      if (f.stop_time_arrival[i] < f.stop_time_departure[i - 1])
        throw input_error(st_name, std::to_string(rows[i].line), "arrival_time",
                          "earlier than the departure from the previous stop of trip " + f.trip_id[tr] +
                              " (stop_sequence out of order?)");
  }
  // Trips without stop times are dropped.
  {
    size_t empty = 0;
    for (uint32_t tr = 0; tr < f.trip_id.size(); ++tr) empty += f.trip_first_stop_time[tr + 1] == f.trip_first_stop_time[tr];
    if (empty) f.warnings.push_back(st_name + ": " + std::to_string(empty) + " trips have no stop times and are ignored");
  }

  // frequencies.txt: the trip's stop times become a pattern repeated every headway.
  {
    Table t(zip, "frequencies.txt", false);
    if (t.present()) {
      const auto trip = t.column("trip_id"), start = t.column("start_time"), end = t.column("end_time"),
                 headway = t.column("headway_secs");
      std::vector<bool> templated(f.trip_id.size(), false);
      struct Copy {
        uint32_t trip;
        int32_t shift;
      };
      std::vector<Copy> copies;
      size_t expanded_stop_times = 0;
      while (t.next()) {
        const uint32_t tr = lookup(trips, t[trip], t, "trip_id", "trip");
        const auto s = parse_time_of_day(t[start]), e = parse_time_of_day(t[end]);
        if (!s) t.fail("start_time", "'" + t[start] + "' is not a time");
        if (!e || *e < *s) t.fail("end_time", "'" + t[end] + "' is not a time after start_time");
        int32_t h = 0;
        if (std::from_chars(t[headway].data(), t[headway].data() + t[headway].size(), h).ec != std::errc() || h <= 0)
          t.fail("headway_secs", "'" + t[headway] + "' is not a positive number of seconds");
        if (f.trip_first_stop_time[tr + 1] == f.trip_first_stop_time[tr]) continue;
        templated[tr] = true;
        const int32_t first = f.stop_time_departure[f.trip_first_stop_time[tr]];
        const size_t stop_times = f.trip_first_stop_time[tr + 1] - f.trip_first_stop_time[tr];
        for (int32_t d = *s; d < *e; d += h) {
          copies.push_back({tr, d - first});
          expanded_stop_times += stop_times;
          if (copies.size() > kMaxGtfsFrequencyTrips || expanded_stop_times > kMaxGtfsFrequencyStopTimes)
            t.fail("headway_secs", "the frequencies expand to more than " + std::to_string(kMaxGtfsFrequencyTrips) + " trips or " +
                                       std::to_string(kMaxGtfsFrequencyStopTimes) + " stop times");
        }
      }
      for (const auto& c : copies) {
        const uint32_t b = f.trip_first_stop_time[c.trip], e = f.trip_first_stop_time[c.trip + 1];
        f.trip_id.push_back(f.trip_id[c.trip] + "@" + format_time_of_day(f.stop_time_departure[b] + c.shift));
        f.trip_route.push_back(f.trip_route[c.trip]);
        f.trip_service.push_back(f.trip_service[c.trip]);
        for (uint32_t i = b; i < e; ++i) {
          f.stop_time_stop.push_back(f.stop_time_stop[i]);
          f.stop_time_arrival.push_back(f.stop_time_arrival[i] + c.shift);
          f.stop_time_departure.push_back(f.stop_time_departure[i] + c.shift);
        }
        f.trip_first_stop_time.push_back(static_cast<uint32_t>(f.stop_time_stop.size()));
      }
      // A template trip runs only at its frequencies: empty its own stop times.
      for (uint32_t tr = 0; tr < templated.size(); ++tr)
        if (templated[tr]) f.trip_service[tr] = kNone;
    }
  }

  {
    Table t(zip, "transfers.txt", false);
    if (t.present()) {
      const auto from = t.column("from_stop_id"), to = t.column("to_stop_id"), type = t.column("transfer_type");
      const auto min_time = t.optional_column("min_transfer_time");
      const std::optional<size_t> scoped[] = {t.optional_column("from_trip_id"), t.optional_column("to_trip_id"),
                                              t.optional_column("from_route_id"), t.optional_column("to_route_id")};
      size_t skipped = 0;
      while (t.next()) {
        const std::string ty = t[type].empty() ? "0" : t[type];
        if (ty.size() != 1 || ty[0] < '0' || ty[0] > '5') t.fail("transfer_type", "'" + ty + "' is not 0–5");
        int32_t secs = -1;
        if (const std::string v = t.get(min_time); !v.empty()) {
          auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), secs);
          if (ec != std::errc() || p != v.data() + v.size() || secs < 0)
            t.fail("min_transfer_time", "'" + v + "' is not a whole number of seconds ≥ 0");
        }
        auto a = stops.find(t[from]), b = stops.find(t[to]);
        const bool for_trips = std::any_of(std::begin(scoped), std::end(scoped), [&](const auto& c) { return !t.get(c).empty(); });
        if (a == stops.end() || b == stops.end() || ty[0] > '3' || a->second == b->second || for_trips) {
          ++skipped;
          continue;
        }
        f.transfers.push_back({a->second, b->second, ty[0] - '0', secs});
      }
      if (skipped)
        f.warnings.push_back(zip.path() + ":transfers.txt: " + std::to_string(skipped) +
                             " rows not used (unknown stops, same stop, rows for trips or routes, or transfer types 4–5)");
    }
  }

  {
    Table t(zip, "pathways.txt", false);
    if (t.present()) {
      const auto from = t.column("from_stop_id"), to = t.column("to_stop_id"), mode = t.column("pathway_mode"),
                 bidi = t.column("is_bidirectional");
      const auto time = t.optional_column("traversal_time"), length = t.optional_column("length");
      size_t unknown = 0;
      while (t.next()) {
        auto a = stops.find(t[from]), b = stops.find(t[to]);
        if (a == stops.end() || b == stops.end()) {
          ++unknown;
          continue;
        }
        GtfsFeed::Pathway p{a->second, b->second, -1, -1.0f, 0, 0};
        if (t[mode].size() != 1 || t[mode][0] < '1' || t[mode][0] > '7') t.fail("pathway_mode", "'" + t[mode] + "' is not 1–7");
        if (t[bidi] != "0" && t[bidi] != "1") t.fail("is_bidirectional", "'" + t[bidi] + "' is not 0 or 1");
        p.mode = static_cast<uint8_t>(t[mode][0] - '0');
        p.bidirectional = t[bidi] == "1";
        if (const std::string v = t.get(time); !v.empty()) {
          auto [e, ec] = std::from_chars(v.data(), v.data() + v.size(), p.traversal_s);
          if (ec != std::errc() || e != v.data() + v.size() || p.traversal_s <= 0)
            t.fail("traversal_time", "'" + v + "' is not a positive number of seconds");
        }
        if (const std::string v = t.get(length); !v.empty()) {
          auto [e, ec] = std::from_chars(v.data(), v.data() + v.size(), p.length_m);
          if (ec != std::errc() || e != v.data() + v.size() || !(p.length_m >= 0)) t.fail("length", "'" + v + "' is not a length in metres");
        }
        f.pathways.push_back(p);
      }
      if (unknown)
        f.warnings.push_back(zip.path() + ":pathways.txt: " + std::to_string(unknown) + " pathways name unknown stops and are not used");
    }
  }
  f.content_hash = zip.hash_hex();
  return f;
}

namespace {
constexpr FileMagic kMagic{'C', 'R', 'G', 'T', 'F', 'S', 0, 0};
constexpr uint32_t kVersion = 3;  // 3: build id
// Times beyond a week after midnight of the service day: not a timetable (sums cannot overflow).
constexpr int32_t kMaxServiceDaySeconds = 7 * 86400;
}  // namespace

void save_feed(const GtfsFeed& f, const fs::path& file) {
  BinaryWriter out(file, kMagic, kVersion, f.build_id);
  out.string(f.name);
  out.string(f.timezone);
  out.strings(f.stop_id);
  out.strings(f.stop_name);
  out.array(f.stop_coord);
  out.array(f.stop_location_type);
  out.array(f.stop_parent);
  out.strings(f.route_id);
  out.strings(f.route_short_name);
  out.strings(f.route_long_name);
  out.array(f.route_type);
  out.strings(f.service_id);
  out.array(f.service_weekdays);
  out.array(f.service_start);
  out.array(f.service_end);
  out.array(f.exceptions);
  out.strings(f.trip_id);
  out.array(f.trip_route);
  out.array(f.trip_service);
  out.array(f.trip_first_stop_time);
  out.array(f.stop_time_stop);
  out.array(f.stop_time_arrival);
  out.array(f.stop_time_departure);
  out.array(f.transfers);
  out.array(f.pathways);
  out.string(f.content_hash);
  out.finish();
}

GtfsFeed load_feed(const fs::path& file) {
  BinaryReader in(file, kMagic, kVersion, "re-run 'cityregions import gtfs'");
  GtfsFeed f;
  f.name = in.string();
  f.timezone = in.string();
  in.strings(f.stop_id);
  in.strings(f.stop_name);
  in.array(f.stop_coord);
  in.array(f.stop_location_type);
  in.array(f.stop_parent);
  in.strings(f.route_id);
  in.strings(f.route_short_name);
  in.strings(f.route_long_name);
  in.array(f.route_type);
  in.strings(f.service_id);
  in.array(f.service_weekdays);
  in.array(f.service_start);
  in.array(f.service_end);
  in.array(f.exceptions);
  in.strings(f.trip_id);
  in.array(f.trip_route);
  in.array(f.trip_service);
  in.array(f.trip_first_stop_time);
  in.array(f.stop_time_stop);
  in.array(f.stop_time_arrival);
  in.array(f.stop_time_departure);
  in.array(f.transfers);
  in.array(f.pathways);
  f.content_hash = in.string();
  in.expect_end();
  f.build_id = in.build_id();
  // Every array against its table, every index in range: a corrupt file is an Error, not a crash.
  const auto bad = [&](const char* what) { return in.corrupt(what); };
  const size_t stops = f.stop_id.size(), routes = f.route_id.size(), services = f.service_id.size(), trips = f.trip_id.size();
  if (f.stop_name.size() != stops || f.stop_coord.size() != stops || f.stop_location_type.size() != stops ||
      f.stop_parent.size() != stops)
    throw bad("stop arrays");
  for (size_t s = 0; s < stops; ++s)
    if (f.stop_location_type[s] > 4 || (f.stop_parent[s] != kNone && f.stop_parent[s] >= stops)) throw bad("stops");
  if (f.route_short_name.size() != routes || f.route_long_name.size() != routes || f.route_type.size() != routes)
    throw bad("route arrays");
  if (f.service_weekdays.size() != services || f.service_start.size() != services || f.service_end.size() != services)
    throw bad("service arrays");
  for (const auto& x : f.exceptions)
    if (x.service >= services) throw bad("calendar exceptions");
  if (f.trip_route.size() != trips || f.trip_service.size() != trips || f.trip_first_stop_time.size() != trips + 1 ||
      f.trip_first_stop_time.front() != 0 || f.trip_first_stop_time.back() != f.stop_time_stop.size())
    throw bad("trip arrays");
  for (size_t t = 0; t < trips; ++t)
    if (f.trip_route[t] >= routes || (f.trip_service[t] != kNone && f.trip_service[t] >= services) ||
        f.trip_first_stop_time[t] > f.trip_first_stop_time[t + 1])
      throw bad("trips");
  if (f.stop_time_arrival.size() != f.stop_time_stop.size() || f.stop_time_departure.size() != f.stop_time_stop.size())
    throw bad("stop time arrays");
  for (size_t i = 0; i < f.stop_time_stop.size(); ++i)
    if (f.stop_time_stop[i] >= stops || f.stop_time_arrival[i] < 0 || f.stop_time_departure[i] < f.stop_time_arrival[i] ||
        f.stop_time_departure[i] > kMaxServiceDaySeconds)
      throw bad("stop times");
  for (const auto& x : f.transfers)
    if (x.from >= stops || x.to >= stops) throw bad("transfers");
  for (const auto& x : f.pathways)
    if (x.from >= stops || x.to >= stops) throw bad("pathways");
  return f;
}

}  // namespace cityregions
