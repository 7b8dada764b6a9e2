"""gunicorn settings for production: gunicorn -c govcases/gunicorn.conf.py govcases.wsgi

Each can be overridden from the environment (GUNICORN_WORKERS, GUNICORN_BIND,
GUNICORN_TIMEOUT) or on the command line.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# The usual 2 × cores + 1 processes, each with a few threads: requests wait on
# PostgreSQL as much as on the CPU, and a long download holds a thread, not a process.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# A worker whose main loop is silent this long is restarted. With threads, a streamed
# download of the whole library (minutes at 100k practices) keeps its worker alive.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Requests are small: a long request line or many headers are refused early.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
# Recycle workers now and then. The application is loaded once in the master and
# each worker forked from it, so a recycled worker serves again in milliseconds, not
# the seconds a fresh import of Django and the dictionaries takes (at several hundred
# requests a second those seconds were the p99).
preload_app = True
max_requests = 20000
max_requests_jitter = 2000
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
