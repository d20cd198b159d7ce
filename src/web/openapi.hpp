#pragma once
// The OpenAPI 3.0 description of the region API, served at /api/openapi.json.
#include <nlohmann/json.hpp>

namespace cityregions {

nlohmann::json openapi_document();

}  // namespace cityregions
