#pragma once
// Attributes of a site that contradict each other (docs/sites.md, "Consistency"): a site cannot be
// available immediately when its owner will not sell, when it has no binding land-use plan (no
// building permit can be granted; BauGB §30) or no road access; "serviced" (erschlossen, BauGB
// §123) means road access and water/sewer exist. `sites import` warns about each; the
// illustrative generator never produces them.
#include <map>
#include <string>
#include <vector>

namespace cityregions {

// One sentence per contradiction, naming the fields and values; empty when consistent. Unknown
// (absent) values contradict nothing.
std::vector<std::string> site_contradictions(const std::map<std::string, std::string>& values);

}  // namespace cityregions
