# CNQP. `make run` and `make test` set up everything on a fresh machine (Python 3.11, pip,
# Node/npm, make). See README.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed
ASSETS := cnqp/static/vendor/.copied

.PHONY: run test check lint types migrations-check bench assets venv messages clean serve

$(STAMP): requirements/dev.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON)"; exit 1; }
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements/dev.lock
	@touch $@

venv: $(STAMP)

$(ASSETS): package-lock.json scripts/copy_assets.mjs
	npm ci --no-audit --no-fund --loglevel=error
	node scripts/copy_assets.mjs
	@touch $@

assets: $(ASSETS)

run: $(STAMP) $(ASSETS)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	@echo "CNQP: http://127.0.0.1:$(PORT)/  (demo password: see README)"
	@# the task worker runs imports and reports in the background, beside the web server
	$(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP) $(ASSETS)
	$(PY) -m pytest -n 2 --dist loadfile

lint: $(STAMP)
	$(VENV)/bin/ruff check cnqp benchmarks scripts

types: $(STAMP)
	$(VENV)/bin/mypy cnqp

migrations-check: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run

check: lint types migrations-check test

bench: $(STAMP)
	$(PY) benchmarks/run.py

messages: $(STAMP)
	$(PY) manage.py makemessages -l vi --no-obsolete --add-location file \
		--ignore=.venv --ignore=node_modules --ignore=var
	$(PY) scripts/compile_messages.py

clean:
	rm -rf $(VENV) node_modules cnqp/static/vendor
