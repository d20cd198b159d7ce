#!/usr/bin/env bash
# Public-transport benchmark on the rnv feed (Tuesday 15 Nov 2016). Usage: bench/transit.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${CITYREGIONS_DATA:-../shared/data}
cmake --build build --target transit_bench >/dev/null
echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
./build/bench/transit_bench "$DATA/rhein-neckar-rnv/rnv-highways.osm.pbf" "$DATA/rhein-neckar-rnv/rnv-gtfs-2016.zip"
