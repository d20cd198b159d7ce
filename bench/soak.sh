#!/usr/bin/env bash
# Soak test of the web platform (a bench, not a test): `cityregions serve` on the demo workspace
# under a mixed load on loopback for SOAK_SECONDS (default 600): reads (region, municipalities,
# basemap), car isochrones, authenticated writes by three editors, requests that must be refused,
# and 100 idle connections held open and renewed. Reports requests, errors, p50/p99 per load and
# the server's resident memory idle, after the first tenth of the time under load, and at the end.
# Target: no errors but the intended refusals, memory growth under load below 10 %.   Usage: bench/soak.sh [SECONDS]   (after scripts/setup)
set -euo pipefail
cd "$(dirname "$0")/.."
B=./build/cityregions
seconds=${1:-${SOAK_SECONDS:-600}}
tmp=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$tmp"' EXIT
echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); ${seconds} s"
$B -q demo "$tmp/ws" > /dev/null
for who in 08222000:mannheim 08221000:heidelberg 07314000:ludwigshafen; do
  echo "soak-password-${who#*:}" | $B -q user add "$tmp/ws" --name "${who#*:}" --role editor --municipality "${who%%:*}" > /dev/null
done
$B serve "$tmp/ws" --port 0 --workers 8 > "$tmp/serve.log" 2>&1 &
server=$!
pids+=("$server")
for _ in $(seq 1 100); do grep -q serving "$tmp/serve.log" && break; sleep 0.2; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/serve.log" | head -1)
port=${url##*:}
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
curl -s -o /dev/null "$url/api/municipalities"; curl -s -o /dev/null "$url/api/basemap/roads?z=12"  # warm caches
rss_start=$(rss)

# Idle connections: 100 sockets opened and left silent (the server drops them after its timeout;
# they are opened again every 30 s).
( while true; do
    for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port"; sleep 30) & done
    sleep 30
  done ) > /dev/null 2>&1 &
pids+=("$!")

load() {  # name, wrk arguments…
  local name=$1; shift
  wrk -t1 -c2 -d"${seconds}s" --timeout 20s --latency "$@" > "$tmp/$name.out" 2>&1 &
  pids+=("$!")
}
load read-region "$url/api/region"
load read-municipalities "$url/api/municipalities"
load read-basemap "$url/api/basemap/roads?z=12"
load isochrone-car -s bench/web_points.lua "$url"
load refusals -s bench/soak_bad.lua "$url"
for who in 08222000:mannheim 08221000:heidelberg 07314000:ludwigshafen; do
  name=${who#*:}
  resp=$(curl -s -D "$tmp/h" -H 'Content-Type: application/json' -d "{\"name\":\"$name\",\"password\":\"soak-password-$name\"}" "$url/api/login")
  cookie=$(grep -i '^set-cookie' "$tmp/h" | sed 's/^[^:]*: *\([^;]*\).*/\1/')
  csrf=$(echo "$resp" | sed 's/.*"csrf":"\([0-9a-f]*\)".*/\1/')
  SOAK_COOKIE=$cookie SOAK_CSRF=$csrf SOAK_KEY=${who%%:*} load "write-$name" -s bench/soak_write.lua "$url"
done
warm=$(( seconds / 10 ))
sleep "$warm"
rss_warm=$(rss)  # after a warm-up under load: caches filled, one malloc arena per worker thread
sleep $(( seconds - warm ))
rss_end=$(rss)
sleep 25  # the last requests finish (wrk's timeout)
printf '%-22s %10s %8s %10s %10s %10s\n' load requests errors "non-2xx" p50 p99
for f in "$tmp"/*.out; do
  name=$(basename "$f" .out)
  req=$(awk '/requests in/ {print $1}' "$f")
  sock=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$f")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$f")
  p50=$(awk '$1 == "50%" {print $2}' "$f"); p99=$(awk '$1 == "99%" {print $2}' "$f")
  printf '%-22s %10s %8s %10s %10s %10s\n' "$name" "${req:-?}" "${sock:-0}" "${non2xx:-0}" "$p50" "$p99"
done
echo "refusals must all be non-2xx; every other load must have 0 errors and 0 non-2xx."
echo "server resident memory: idle ${rss_start} kB, after ${warm} s of load ${rss_warm} kB, at the end ${rss_end} kB" \
  "(growth under load $(awk "BEGIN {printf \"%+.1f\", 100 * ($rss_end - $rss_warm) / $rss_warm}") %)"
kill -0 "$server" && echo "server still running"
