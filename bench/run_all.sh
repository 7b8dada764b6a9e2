#!/usr/bin/env bash
# Issue 18's measurements in one run, one after the other (nothing else should run on
# the machine meanwhile), each script's output kept in $OUT:
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcases_bench \
#   SQLITE=/work/bench100k.sqlite3 OUT=/tmp/bench-run bench/run_all.sh
#
# DATABASE_URL: the 100k PostgreSQL library (bench/README.md, "Data"); SQLITE: the same
# generator's 100k library as an SQLite file, for the Datasette comparison (skipped
# when unset). RUNS scales the repetitions (default 20). Needs wrk for throughput.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to the benchmark database}"
OUT=${OUT:-/tmp/bench-run}
RUNS=${RUNS:-20}
mkdir -p "$OUT"
PY=.venv/bin/python

step() {
  local name=$1
  shift
  echo "== $name: $*"
  "$@" 2>&1 | tee "$OUT/$name.txt"
}

step targets-none $PY bench/bench_targets.py --runs "$RUNS" --cache none
step targets-facets $PY bench/bench_targets.py --runs "$RUNS" --cache facets
step exports $PY bench/bench_exports.py --runs 3
step import $PY bench/bench_import.py --count 1000 --runs 5
step search-index $PY bench/bench_search_index.py --runs "$RUNS"
for cache in pages facets none; do
  step "throughput-$cache" env CACHE=$cache DURATION=30 bench/throughput.sh
done
if [ -n "${SQLITE:-}" ]; then
  for cache in none facets; do
    step "datasette-$cache" $PY bench/bench_datasette.py --sqlite "$SQLITE" \
      --runs 10 --cache "$cache"
  done
  step datasette-nosuggest $PY bench/bench_datasette.py --sqlite "$SQLITE" \
    --runs 10 --cache none --datasette-suggest off
fi
echo "== done: $OUT"
