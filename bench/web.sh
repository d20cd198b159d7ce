#!/usr/bin/env bash
# Load benchmark of the web platform with wrk on loopback: `cityregions serve` on the demo
# workspace; car isochrones (10/20/30 min, ten different points) and the municipalities GeoJSON.
# Bounded: 2 threads, 8 connections, 15 s per endpoint. Prints wrk's latency distribution
# (p50/p99) and errors. Usage: bench/web.sh   (after scripts/setup; about a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
B=./build/cityregions
tmp=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$tmp"' EXIT
echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
$B -q demo "$tmp/ws" > /dev/null
$B serve "$tmp/ws" --port 0 > "$tmp/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do grep -q serving "$tmp/serve.log" && break; sleep 0.2; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/serve.log" | head -1)
run() {  # name, wrk arguments…
  local name=$1; shift
  echo "## $name"
  wrk -t2 -c8 -d15s --timeout 10s --latency "$@" | grep -E "Latency |50%|90%|99%|Requests/sec|requests in|Non-2xx|Socket errors"
}
run "isochrone car 10/20/30 min" -s bench/web_points.lua "$url"
run "municipalities GeoJSON" "$url/api/municipalities"
run "region summary" "$url/api/region"
