-- wrk script for the soak test: authenticated writes by one editor (cookie and CSRF token from the
-- environment), alternating jobs values so that every write changes the record and is audited.
local cookie, csrf, key = os.getenv("SOAK_COOKIE"), os.getenv("SOAK_CSRF"), os.getenv("SOAK_KEY")
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"jobs": %d}', 10000 + n % 1000)
  return wrk.format("PATCH", "/api/municipalities/" .. key,
    {["Cookie"] = cookie, ["X-CSRF-Token"] = csrf, ["Content-Type"] = "application/json"}, body)
end
