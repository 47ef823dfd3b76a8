# CNQP. `make run` and `make test` set up everything on a fresh machine (Python 3.11, pip,
# Node/npm, make). See README.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed
ASSETS := cnqp/static/vendor/.copied

.PHONY: run test check lint types layers migrations-check bench loadtest assets venv messages clean \
	serve setup-pdf setup-browser

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

# PDF reports: LibreOffice converts the DOCX (same content, same layout); Liberation Serif is
# metric-compatible with Times New Roman. Installed from Debian's packages when missing.
PDF_PACKAGES := libreoffice-writer-nogui fonts-liberation2
setup-pdf:
	@if command -v soffice >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing LibreOffice for PDF reports: $(PDF_PACKAGES)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $(PDF_PACKAGES) >/dev/null || exit 1; \
	else \
		echo "PDF reports need LibreOffice. As root: apt-get install -y" \
			"--no-install-recommends $(PDF_PACKAGES)  (or: sudo make setup-pdf)"; \
	fi

# Browser tests: Playwright drives Debian's Chromium, never a browser build of its own (found on
# the PATH, or CNQP_CHROMIUM; cnqp/core/testing/browser.py). Installed from Debian's packages
# when missing; without it the browser tests fail, unless CNQP_SKIP_BROWSER=1.
BROWSER_PACKAGES := chromium
setup-browser:
	@if command -v chromium >/dev/null 2>&1 || [ -n "$$CNQP_CHROMIUM" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Chromium for the browser tests: $(BROWSER_PACKAGES)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $(BROWSER_PACKAGES) >/dev/null || exit 1; \
	else \
		echo "The browser tests need Chromium. As root: apt-get install -y" \
			"--no-install-recommends $(BROWSER_PACKAGES)  (or: sudo make setup-browser;" \
			"CNQP_SKIP_BROWSER=1 skips them)"; \
	fi

run: $(STAMP) $(ASSETS) setup-pdf
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_safety_reference
	$(PY) manage.py seed_demo --if-empty
	@echo "CNQP: http://127.0.0.1:$(PORT)/  (demo password: see README)"
	@# the task worker runs imports and reports in the background, beside the web server;
	@# it outlives database outages and checks in for /healthz/worker (README, Deployment)
	$(PY) manage.py job_worker --no-startup-delay & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:$(PORT)

# One worker per core (TEST_WORKERS=1 make test for one); loadgroup: the demo's tests on one
# worker, where the demo is seeded once, the rest file by file (cnqp/conftest.py)
TEST_WORKERS ?= auto
test: $(STAMP) $(ASSETS) setup-pdf setup-browser
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup

lint: $(STAMP)
	$(VENV)/bin/ruff check cnqp benchmarks scripts

types: $(STAMP)
	$(VENV)/bin/mypy cnqp

# the import contracts of pyproject.toml: core below the apps, apps in layers, no import circle
layers: $(STAMP)
	PYTHONPATH=. $(VENV)/bin/lint-imports

migrations-check: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run

check: lint types layers migrations-check test

bench: $(STAMP)
	$(PY) benchmarks/run.py

# The load test: gunicorn and the task worker on the bench database, driven by Locust from its
# own environment (benchmarks/loadtest/run.py)
LOADTEST_STAMP := .venv-loadtest/.installed
$(LOADTEST_STAMP): requirements/loadtest.lock
	@test -d .venv-loadtest || $(PYTHON) -m venv .venv-loadtest
	.venv-loadtest/bin/pip install --quiet --require-hashes -r requirements/loadtest.lock
	@touch $@

loadtest: $(STAMP) $(ASSETS) $(LOADTEST_STAMP)
	$(PY) benchmarks/loadtest/run.py

messages: $(STAMP)
	$(PY) manage.py makemessages -l vi --no-obsolete --add-location file \
		--ignore=.venv --ignore=node_modules --ignore=var
	$(PY) scripts/compile_messages.py

clean:
	rm -rf $(VENV) node_modules cnqp/static/vendor
