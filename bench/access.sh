#!/usr/bin/env bash
# Accessibility benchmark on the Rhein-Neckar demo: population within 30/45 minutes on the 1 km
# and 250 m grids, by car and by public transport (07:00–08:00, every minute, median).
# Usage: bench/access.sh   (after scripts/setup; about two minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
B=./build/cityregions
ws=$(mktemp -d)/ws
trap 'rm -rf "$(dirname "$ws")"' EXIT
echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
$B -q demo "$ws" > /dev/null
for res in 1000 250; do
  layer=$([ $res = 1000 ] && echo grid1km || echo grid250m)
  [ $res = 1000 ] || { $B -q grid "$ws" --resolution $res > /dev/null; $B -q disaggregate "$ws" --zones $layer --column population > /dev/null; }
  for mode in car transit; do
    /usr/bin/time -f "  wall %e s, peak memory %M KB" $B -q access "$ws" --mode $mode --depart 2016-11-15T07:00 --window 60 \
      --minutes 30,45 --zones $layer --name bench_${layer}_$mode 2>&1 | grep -E "accessibility|wall"
  done
  # Baseline in the same run: the car indicators with one plain Dijkstra per origin.
  phast=$( { /usr/bin/time -f "%e" $B -q access "$ws" --mode car --minutes 30,45 --zones $layer --name b1 > /dev/null; } 2>&1 )
  dijkstra=$( { /usr/bin/time -f "%e" $B -q access "$ws" --mode car --minutes 30,45 --zones $layer --name b2 --engine dijkstra > /dev/null; } 2>&1 )
  echo "  car on $layer: PHAST ${phast} s, plain Dijkstra ${dijkstra} s, ratio $(echo "$dijkstra / $phast" | bc -l | cut -c1-5)"
done
