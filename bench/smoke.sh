#!/usr/bin/env bash
# Every benchmark script, run once at a small scale so that they keep working (CI
# runs this after the tests; it asserts no timing, only that each script runs).
#
#   bench/smoke.sh                       # PostgreSQL database govcases_bench_smoke
#   BENCH_COUNT=2000 PG_URL_BASE=postgres://postgres@127.0.0.1:5432 bench/smoke.sh
#
# Creates the database afresh, loads the reference data and the seed library,
# generates BENCH_COUNT synthetic practices, runs each script with one or two
# runs, and checks that the synthetic library exports and imports back unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${BENCH_COUNT:-2000}
PG_URL_BASE=${PG_URL_BASE:-postgres://postgres@127.0.0.1:5432}
DB=${BENCH_DB:-govcases_bench_smoke}
PY=.venv/bin/python
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

export DATABASE_URL="$PG_URL_BASE/$DB"
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-bench-only-secret-key-long-enough-for-the-django-minimum}
export DJANGO_ALLOWED_HOSTS=testserver,127.0.0.1
export DJANGO_STATIC_ROOT="$WORK/static"

psql "$PG_URL_BASE/postgres" -qc "DROP DATABASE IF EXISTS $DB" -qc "CREATE DATABASE $DB"
DJANGO_DEBUG=1 $PY manage.py migrate -v0 --noinput
DJANGO_DEBUG=1 $PY manage.py setup_library >/dev/null
$PY manage.py collectstatic --noinput -v0

run() { echo "== $*"; "$@" | tail -n "${TAIL:-4}"; }
run $PY bench/generate_practices.py --count "$COUNT"
run $PY bench/bench_browse.py --runs 2
for cache in none facets pages; do
  run $PY bench/bench_targets.py --runs 2 --cache "$cache"
done
run $PY bench/bench_pages.py --runs 1
run $PY bench/bench_exports.py --runs 1
run $PY bench/bench_full_exports.py
run $PY bench/bench_editing.py --runs 1
run $PY bench/bench_regions.py --runs 1
run $PY bench/bench_search_index.py --runs 1
run $PY bench/draft_recall.py --no-write
run $PY bench/bench_import.py --count 200 --runs 1
echo "== grow_library.sh (×2)"
SOURCE=$DB TARGET=${DB}_grown TIMES=2 PG_URL_BASE=$PG_URL_BASE bench/grow_library.sh | tail -n 2
DATABASE_URL="$PG_URL_BASE/${DB}_grown" run $PY bench/bench_targets.py --runs 1 --cache none
psql "$PG_URL_BASE/postgres" -qc "DROP DATABASE ${DB}_grown"

echo "== the synthetic library exports and imports back unchanged"
$PY manage.py export_cases --output "$WORK/library.json"
psql "$PG_URL_BASE/postgres" -qc "DROP DATABASE IF EXISTS ${DB}_copy" -qc "CREATE DATABASE ${DB}_copy"
DATABASE_URL="$PG_URL_BASE/${DB}_copy" DJANGO_DEBUG=1 $PY manage.py migrate -v0 --noinput
DATABASE_URL="$PG_URL_BASE/${DB}_copy" DJANGO_DEBUG=1 $PY manage.py setup_library >/dev/null
DATABASE_URL="$PG_URL_BASE/${DB}_copy" $PY manage.py import_cases "$WORK/library.json" \
  --max-bytes 1000000000 | tail -n 1
DATABASE_URL="$PG_URL_BASE/${DB}_copy" $PY manage.py export_cases --output "$WORK/again.json"
cmp "$WORK/library.json" "$WORK/again.json"
psql "$PG_URL_BASE/postgres" -qc "DROP DATABASE ${DB}_copy" -qc "DROP DATABASE $DB"
echo "== every benchmark script ran"
