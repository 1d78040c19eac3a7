# Two commands matter: `make demo` and `make test` (see README). The rest are helpers.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# The Nu HTML checker (tests/site/test_html_valid.py), from npm's vnu-jar package; run with java.
VNU_VERSION := 26.9.27
VNU_JAR := $(VENV)/vnu/vnu-$(VNU_VERSION).jar

.PHONY: demo test install lint format migrate messages serve check-python

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
	  echo "Python 3.12 or newer is needed (Django 6); '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "Install it (e.g. 'pyenv install 3.12'), or run: make PYTHON=python3.12 ..."; exit 1; }

$(PY): | check-python
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

$(VNU_JAR): | $(PY)
	@command -v npm >/dev/null || { echo "npm is needed to fetch the Nu HTML checker: apt-get install -y npm"; exit 1; }
	mkdir -p $(VENV)/vnu
	cd $(VENV)/vnu && npm pack --silent vnu-jar@$(VNU_VERSION) >/dev/null \
	  && tar xzf vnu-jar-$(VNU_VERSION).tgz package/build/dist/vnu.jar \
	  && mv package/build/dist/vnu.jar vnu-$(VNU_VERSION).jar && rm -rf package vnu-jar-$(VNU_VERSION).tgz
	ln -sf vnu-$(VNU_VERSION).jar $(VENV)/vnu/vnu.jar

install: $(STAMP)

migrate: $(STAMP)
	$(MANAGE) compilecatalogues
	$(MANAGE) migrate --noinput

# `make demo PORT=8001` serves elsewhere; seed_demo prints that address and emails link to it.
# The task worker (spreadsheet imports) runs beside the server and stops with it.
PORT ?= 8000
demo: export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)
demo: migrate
	$(MANAGE) seed_demo
	$(MANAGE) db_worker --backend background --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver 127.0.0.1:$(PORT)

# --dist loadfile: each test file runs on one worker, so a module's shared data (scope="module"
# fixtures: the route inventory's world, the seeded demo...) is built once, not once per worker.
# --no-loadscope-reorder: files are handed out in the order tests/conftest.py sorts them
# (longest first), not by xdist's count of tests alone.
test: $(TEST_STAMP) $(VNU_JAR)
	$(MANAGE) compilecatalogues
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest -n 2 --dist loadfile --no-loadscope-reorder --durations=15 $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(TEST_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(STAMP)
	$(MANAGE) makecatalogues
