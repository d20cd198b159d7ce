#!/usr/bin/env bash
# Street-network benchmark: our engine and pgRouting on the same car graph, in one run.
# Usage: bench/street.sh [MATRIX_SIZE]   (after scripts/setup; takes a few minutes)
# Prints one JSON object per region plus pgRouting's time for the same matrix and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
DATA=${CITYREGIONS_DATA:-../shared/data}
PG=/usr/lib/postgresql/15/bin
cmake --build build --target street_bench >/dev/null

work=$(mktemp -d)
chown postgres "$work"
port=$((20000 + RANDOM % 20000))
cleanup() { runuser -u postgres -- "$PG/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
runuser -u postgres -- "$PG/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PG/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c fsync=off -c shared_buffers=512MB -c work_mem=256MB" start >/dev/null
psql() { "$PG/psql" -X -q -v ON_ERROR_STOP=1 -At -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"; }
psql -c "CREATE EXTENSION pgrouting CASCADE" >/dev/null

echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for osm in "$DATA/rhein-neckar-rnv/rnv-highways.osm.pbf" "$DATA/osm-milan/milan_italy_small.osm.pbf"; do
  mkdir -p "$work/out"
  ./build/bench/street_bench "$osm" "$work/out" "$N" > "$work/ours.json"
  cat "$work/ours.json"
  psql -c "DROP TABLE IF EXISTS edges; CREATE TABLE edges (id BIGINT, source BIGINT, target BIGINT, cost FLOAT8, length_m FLOAT8)" >/dev/null
  psql -c "\\copy edges FROM '$work/out/edges.csv' CSV HEADER"
  ids=$(awk '{printf "%s%d", (NR>1?",":""), $1+1}' "$work/out/nodes.txt")
  start=$(date +%s.%N)
  pg_sum=$(psql -c "SELECT round(sum(agg_cost)::numeric, 3), count(*) FROM pgr_dijkstraCostMatrix(
      'SELECT id + 1 AS id, source + 1 AS source, target + 1 AS target, cost FROM edges', ARRAY[$ids]::BIGINT[], true)")
  end=$(date +%s.%N)
  pg_ms=$(echo "($end - $start) * 1000" | bc -l)
  ours_ms=$(grep -o '"matrix_ch_ms": [0-9.]*' "$work/ours.json" | awk '{print $2}')
  ours_sum=$(grep -o '"matrix_checksum_ms": [0-9]*' "$work/ours.json" | awk '{printf "%.3f", $2/1000}')
  printf '{"pgr_dijkstraCostMatrix_ms": %.0f, "pgr_sum_s_and_pairs": "%s", "ours_sum_s": %s, "speedup_vs_pgrouting": %.0f}\n' \
    "$pg_ms" "$pg_sum" "$ours_sum" "$(echo "$pg_ms / $ours_ms" | bc -l)"
done
