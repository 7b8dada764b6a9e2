# govcases: `make run` sets everything up and serves the site; `make test` runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1:8000
TEST_ENV := DJANGO_SECRET_KEY=test-only-secret-key-long-enough-for-django-minimum-0123456789 DJANGO_ALLOWED_HOSTS=localhost,127.0.0.1,testserver

.PHONY: run setup test lint format clean

run: setup
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST)

setup: $(VENV)/.installed
	DJANGO_DEBUG=1 $(PY) manage.py compile_translations
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py setup_library

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

test: $(VENV)/.installed
	$(PY) -m ruff check .
	$(TEST_ENV) $(PY) manage.py compile_translations
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed
	$(PY) -m ruff format .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm .pytest_cache .ruff_cache
