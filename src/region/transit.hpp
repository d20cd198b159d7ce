#pragma once
// The public-transport data of a workspace: `import gtfs` checks a feed and stores it (a binary
// feed file beside the database, its stops as a layer); queries build the timetable of a date
// from all feeds and the walk network.
#include <filesystem>
#include <string>
#include <vector>

#include "store/workspace.hpp"
#include "transit/station_check.hpp"
#include "transit/timetable.hpp"

namespace cityregions {

struct FeedReport {
  std::string name;
  size_t stops = 0, routes = 0, trips = 0, stop_times = 0;
  int32_t first_date = 0, last_date = 0;
  std::vector<std::string> warnings;
  std::string replaced;             // the feed this import replaced (--replace), if any
  size_t overrides_dropped = 0;     // station overrides naming stops the new feed lacks
};

// One transaction: the feed file is swapped in only after the database commit. A feed whose
// content (every table read) equals a feed in the workspace, or whose name is taken, is refused
// unless `replace`: then it takes the place of that feed.
FeedReport import_gtfs(Workspace& ws, const std::filesystem::path& zip, std::string name, const std::string& attribution,
                       bool replace = false);
std::vector<GtfsFeed> load_feeds(Workspace& ws);

// Station overrides (docs/transit.md): a CSV with the columns feed, stop_id, station replaces the
// workspace's list (checked against its feeds, nothing stored on an error); an empty path clears it.
size_t set_station_overrides(Workspace& ws, const std::filesystem::path& csv);
std::vector<StationOverride> station_overrides(Workspace& ws);
// The stations of the workspace's feeds with its overrides.
Stations workspace_stations(Workspace& ws, const std::vector<GtfsFeed>& feeds);
// `transit check`: stations whose platforms the walk network links only by detours.
StationCheck check_workspace_stations(Workspace& ws, const StationCheckOptions& options = {});
// The timetable of a date from every feed; an error says when there is no feed or no service.
Timetable load_timetable(Workspace& ws, const StreetNetwork& walk, int32_t date, const TimetableOptions& options = {});

// "2016-11-15T07:30" → (20161115, 27000).
std::pair<int32_t, int32_t> parse_departure(const std::string& text);

}  // namespace cityregions
