#!/usr/bin/env bash
# A library TIMES the size of the benchmark library, for the growth runs (issue 18:
# "a copied table is fine"): a copy of the database SOURCE whose synthetic practices
# (with their search rows, theme and source links) are copied TIMES-1 times more
# under new ids and slugs, then vacuumed and analysed.
#
#   bench/grow_library.sh                      # govcases_bench → govcases_bench_1m, ×10
#   SOURCE=govcases_bench TARGET=govcases_bench_1m TIMES=10 bench/grow_library.sh
#
# Then run the page scripts on it, e.g.
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/govcases_bench_1m \
#       python bench/bench_targets.py --runs 10 --cache none
#
# The copies' steps, figures and actors are not copied: browse, search and their
# counts read the practice row and its search row only (a copy's own practice page
# would show no steps). The search index is dropped while copying and built again
# (one build is far cheaper than 900,000 inserts into it).
set -euo pipefail

SOURCE=${SOURCE:-govcases_bench}
TARGET=${TARGET:-govcases_bench_1m}
TIMES=${TIMES:-10}
PG=${PG_URL_BASE:-postgres://postgres@127.0.0.1:5432}
ID_STRIDE=100000000  # copy k of practice n gets the id n + k × ID_STRIDE

psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $TARGET" -qc \
  "CREATE DATABASE $TARGET TEMPLATE $SOURCE"
started=$(date +%s)
psql "$PG/$TARGET" -v ON_ERROR_STOP=1 -q <<SQL
SET maintenance_work_mem = '1GB';
DROP INDEX practice_search_vector_gin;
CREATE TEMP TABLE originals AS
  SELECT id FROM practices_practice WHERE slug LIKE 'synthetic-%';
INSERT INTO practices_practice (id, slug, title, alias, implementing_level, summary,
    problem, outcomes, year_started, status, created_at, updated_at, created_by_id,
    updated_by_id, region_id, actor_count, actor_kind_bits, metric_count, region_path,
    search_title, step_count, theme_bits, title_pinyin)
  SELECT p.id + k * $ID_STRIDE, p.slug || '-copy-' || k, p.title, p.alias,
    p.implementing_level, p.summary, p.problem, p.outcomes, p.year_started, p.status,
    p.created_at, p.updated_at, p.created_by_id, p.updated_by_id, p.region_id,
    p.actor_count, p.actor_kind_bits, p.metric_count, p.region_path, p.search_title,
    p.step_count, p.theme_bits, p.title_pinyin
  FROM practices_practice p JOIN originals o ON o.id = p.id,
    generate_series(1, $TIMES - 1) AS k;
INSERT INTO practices_practicesearch (practice_id, text, tokens)
  SELECT s.practice_id + k * $ID_STRIDE, s.text, s.tokens
  FROM practices_practicesearch s JOIN originals o ON o.id = s.practice_id,
    generate_series(1, $TIMES - 1) AS k;
INSERT INTO practices_practice_themes (practice_id, theme_id)
  SELECT t.practice_id + k * $ID_STRIDE, t.theme_id
  FROM practices_practice_themes t JOIN originals o ON o.id = t.practice_id,
    generate_series(1, $TIMES - 1) AS k;
INSERT INTO practices_practice_sources (practice_id, sourcedocument_id)
  SELECT s.practice_id + k * $ID_STRIDE, s.sourcedocument_id
  FROM practices_practice_sources s JOIN originals o ON o.id = s.practice_id,
    generate_series(1, $TIMES - 1) AS k;
CREATE INDEX practice_search_vector_gin ON practices_practicesearch USING gin (vector);
SQL
psql "$PG/$TARGET" -qc "VACUUM (ANALYZE)"
psql "$PG/$TARGET" -qAt -c "SELECT count(*) || ' practices, ' ||
  pg_size_pretty(pg_database_size(current_database())) FROM practices_practice"
echo "built in $(( $(date +%s) - started )) s"
