#!/usr/bin/env bash
# End-to-end tests of the web platform: builds the demo workspace, adds accounts, starts
# `cityregions serve` on a free port of 127.0.0.1 and runs the browser tests (web/e2e) against it.
# Usage: tests/web/e2e.sh BUILD_DIR
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
cli="$build/cityregions"
tmp="$(mktemp -d)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

[ -f "$root/web/dist/index.html" ] || { echo "e2e: web/dist is missing (scripts/setup builds it)"; exit 1; }
"$cli" -q demo "$tmp/ws" > /dev/null
echo "editor-pass-1" | "$cli" user add "$tmp/ws" --name erika --role editor --municipality 08222000 > /dev/null
echo "admin-pass-12" | "$cli" user add "$tmp/ws" --name admin --role admin > /dev/null

"$cli" serve "$tmp/ws" --port 0 --transit-date 2016-11-15 --pool-scenario "$tmp/ws/pool-scenario.toml" \
  --web "$root/web/dist" > "$tmp/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  grep -q "serving" "$tmp/serve.log" && break
  sleep 0.2
done
url="$(grep -o 'http://127.0.0.1:[0-9]*/' "$tmp/serve.log" | head -1)"
[ -n "$url" ] || { cat "$tmp/serve.log"; exit 1; }

cd "$root/web"
CITYREGIONS_URL="$url" E2E_EDITOR=erika E2E_EDITOR_PASSWORD=editor-pass-1 E2E_EDITOR_MUNICIPALITY=08222000 \
  E2E_ADMIN=admin E2E_ADMIN_PASSWORD=admin-pass-12 E2E_OTHER_MUNICIPALITY=08221000 \
  node --test --test-concurrency=1 e2e/
