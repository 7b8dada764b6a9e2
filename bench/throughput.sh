#!/usr/bin/env bash
# Throughput of anonymous reading (bench/throughput_mix.lua: browse, search and
# practice pages) on gunicorn with the committed config, loopback only:
#
#   CACHE=pages DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcases_bench bench/throughput.sh
#   CACHE=none  DATABASE_URL=… bench/throughput.sh
#
# CACHE=pages: pages and facet counts kept in Redis (GOVCASES_CACHE_URL, database 5,
# emptied first) under the library's version, each page requested once before the
# run (a warm cache); CACHE=facets: only facet counts kept; CACHE=none: every request
# counts and renders. Needs wrk (apt-get install wrk). DURATION (s) and CONNECTIONS
# as for load.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8002}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-32}
CACHE=${CACHE:-pages}
BASE="http://127.0.0.1:$PORT"
: "${DATABASE_URL:?set DATABASE_URL to the benchmark database}"

. bench/serve.sh
case "$CACHE" in
  pages) export GOVCASES_CACHE_URL=${REDIS_URL:-redis://127.0.0.1:6379/5} ;;
  facets) export GOVCASES_CACHE_URL=${REDIS_URL:-redis://127.0.0.1:6379/5}
          export GOVCASES_PAGE_CACHE_SECONDS=0 ;;
  none) export GOVCASES_FACET_CACHE_SECONDS=0 GOVCASES_PAGE_CACHE_SECONDS=0 ;;
  *) echo "CACHE is pages, facets or none"; exit 2 ;;
esac
if [ -n "${GOVCASES_CACHE_URL:-}" ]; then
  .venv/bin/python -c "import redis, os; redis.Redis.from_url(os.environ['GOVCASES_CACHE_URL']).flushdb()"
fi
start_server
# Every page once (twice: each is counted, then kept), so the run starts warm.
for _ in 1 2; do
  grep -o '"/[^"]*"' bench/throughput_mix.lua | tr -d '"' | while read -r path; do
    curl -s -o /dev/null -w "%{http_code} %{time_total}s $path\n" "$BASE$path"
  done
done | sort | uniq -c | awk '$2 != 200 {print "not 200:", $0}' | head -5

echo "== throughput, cache: $CACHE, ${DURATION}s, $CONNECTIONS connections"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency \
  -s bench/throughput_mix.lua "$BASE"
