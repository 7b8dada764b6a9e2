#!/usr/bin/env bash
# Load on gunicorn over the 100k library, loopback only, bounded in time:
#   1. the readers' mix (bench/load_mix.lua) for DURATION seconds at CONNECTIONS;
#   2. the three requests that once took the site down (a year of -1e700000, the whole
#      library as zip and as JSON), three at a time in loops, while the home page is
#      timed once a second.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcases_bench bench/load.sh
#
# Needs wrk (apt-get install wrk). Prints wrk's summary and the home page's timings.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8001}
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-32}
ATTACK_SECONDS=${ATTACK_SECONDS:-30}
BASE="http://127.0.0.1:$PORT"
: "${DATABASE_URL:?set DATABASE_URL to the 100k benchmark database}"

. bench/serve.sh
start_server
# Warm every worker's caches once.
for _ in $(seq 20); do curl -s -o /dev/null "$BASE/practices/"; done

echo "== readers' mix: ${DURATION}s, $CONNECTIONS connections"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency \
  -s bench/load_mix.lua "$BASE"

echo "== the three requests that took the site down, 3 at a time, ${ATTACK_SECONDS}s"
attack() {
  local url=$1 end=$((SECONDS + ATTACK_SECONDS))
  while [ $SECONDS -lt $end ]; do
    curl -s -o /dev/null --max-time "$ATTACK_SECONDS" -w "%{http_code} %{time_total}s $url\n" "$BASE$url" || true
  done
}
attack "/practices/?year_to=-1e700000" > /tmp/attack1.log &
attack "/practices/export.zip" > /tmp/attack2.log &
attack "/practices/export.json" > /tmp/attack3.log &
sleep 1
end=$((SECONDS + ATTACK_SECONDS - 2))
while [ $SECONDS -lt $end ]; do
  curl -s -o /dev/null -w "home %{http_code} %{time_total}s\n" "$BASE/"
  sleep 1
done | tee /tmp/home-under-attack.log
wait %2 %3 %4 2>/dev/null || true
echo "-- attack requests (status, seconds):"
sort /tmp/attack1.log | uniq -c | sort -rn | head -3
cat /tmp/attack2.log /tmp/attack3.log
echo "-- home page under attack: slowest"
sort -k3 -t' ' -g /tmp/home-under-attack.log | tail -1
