-- wrk script for the soak test: requests the server must refuse (400, 401, 403, 404, 405, 413,
-- 415, 421), cycled; the soak counts any other answer as an error.
local requests = {
  {"GET", "/api/%FF", {}, nil},
  {"GET", "//etc/passwd", {}, nil},
  {"GET", "/api/isochrone?at=nan,nan", {}, nil},
  {"GET", "/api/route?from=1,2", {}, nil},
  {"PATCH", "/api/municipalities/08222000", {["Content-Type"] = "application/json"}, '{"jobs": 1}'},
  {"POST", "/api/login", {["Content-Type"] = "text/plain"}, '{"name":"a","password":"b"}'},
  {"POST", "/api/matrix", {["Content-Type"] = "application/json"}, '{not json'},
  {"DELETE", "/index.html", {}, nil},
  {"GET", "/api/region", {["Host"] = "rebound.example.org"}, nil},
  {"GET", "/api/layers/users", {}, nil},
}
local i = 0
request = function()
  i = i % #requests + 1
  local r = requests[i]
  return wrk.format(r[1], r[2], r[3], r[4])
end
