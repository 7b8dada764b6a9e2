# Sourced by load.sh and throughput.sh: gunicorn with the committed config on
# 127.0.0.1:$PORT, debug off, static files collected; stopped when the script exits.
export DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-bench-only-secret-key-long-enough-for-the-django-minimum}
export DJANGO_STATIC_ROOT=${DJANGO_STATIC_ROOT:-/tmp/govcases-bench-static}

start_server() {
  .venv/bin/python manage.py collectstatic --noinput -v0
  .venv/bin/gunicorn -c govcases/gunicorn.conf.py -b "127.0.0.1:$PORT" \
    --access-logfile /dev/null govcases.wsgi &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
  for _ in $(seq 100); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.2; done
}
