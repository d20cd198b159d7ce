#pragma once
// The public-transport data of a workspace: `import gtfs` checks a feed and stores it (a binary
// feed file beside the database, its stops as a layer); queries build the timetable of a date
// from all feeds and the walk network.
#include <filesystem>
#include <string>
#include <vector>

#include "store/workspace.hpp"
#include "transit/timetable.hpp"

namespace cityregions {

struct FeedReport {
  std::string name;
  size_t stops = 0, routes = 0, trips = 0, stop_times = 0;
  int32_t first_date = 0, last_date = 0;
  std::vector<std::string> warnings;
};

// One transaction: the feed file is swapped in only after the database commit.
FeedReport import_gtfs(Workspace& ws, const std::filesystem::path& zip, std::string name, const std::string& attribution);
std::vector<GtfsFeed> load_feeds(Workspace& ws);
// The timetable of a date from every feed; an error says when there is no feed or no service.
Timetable load_timetable(Workspace& ws, const StreetNetwork& walk, int32_t date, const TimetableOptions& options = {});

// "2016-11-15T07:30" → (20161115, 27000).
std::pair<int32_t, int32_t> parse_departure(const std::string& text);

}  // namespace cityregions
