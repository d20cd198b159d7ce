-- wrk script: isochrone requests from points spread over the core of Rhein-Neckar (lat, lon).
local points = {
  {49.4875, 8.4660}, {49.4094, 8.6931}, {49.4770, 8.4450}, {49.5447, 8.6600}, {49.3833, 8.5700},
  {49.4600, 8.5200}, {49.5000, 8.4000}, {49.4300, 8.6200}, {49.3300, 8.4300}, {49.5200, 8.5400},
}
local i = 0
request = function()
  i = i % #points + 1
  local p = points[i]
  return wrk.format("GET", string.format("/api/isochrone?mode=car&at=%.4f,%.4f&minutes=10,20,30", p[1], p[2]))
end
