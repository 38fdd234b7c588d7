# The two commands of the README: `make run` and `make test`. Both install what they need.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Python keeps its compiled modules (__pycache__/, ignored by git): where the environment says not
# to (PYTHONDONTWRITEBYTECODE, set on this machine kind), every process of a test run (four workers,
# the app servers and Celery workers some tests start) compiled the project again and pytest
# rewrote every test module's asserts again: 13 of a worker's 14 s of collecting, against 5.6 s.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test screenshots bench-smoke install browser nginx saml build production-shape messages clean

$(VENV)/.installed: requirements.txt requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

# Debian's chromium for the browser tests (never a browser downloaded by a test tool).
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo"; else SUDO=none; fi; \
	  if [ "$$SUDO" = none ]; then \
	    echo "Debian's chromium is missing and cannot be installed without root: browser tests will be skipped."; \
	  else \
	    echo "Installing Debian's chromium (browser tests) and poppler-utils (report pages as PNG) ..."; \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium poppler-utils >/dev/null; \
	  fi; \
	fi

# Debian's nginx for the production-shape test (tests/production_shape/), as `browser` installs chromium.
nginx:
	@if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo"; else SUDO=none; fi; \
	  if [ "$$SUDO" = none ]; then \
	    echo "Debian's nginx is missing and cannot be installed without root: the production-shape test fails."; exit 1; \
	  else \
	    echo "Installing Debian's nginx (the production-shape test) ..."; \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx-light >/dev/null; \
	  fi; \
	fi

# xmlsec1 (pysaml2 checks SAML signatures with it), and for the tests' SAML identity provider
# (tests/idp/saml.py) Debian's SimpleSAMLphp and php-cli, as `browser` installs chromium.
saml:
	@if ! command -v xmlsec1 >/dev/null 2>&1 || ! command -v php >/dev/null 2>&1 || ! php -m | grep -qx dom || [ ! -d /usr/share/simplesamlphp/www ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo"; else SUDO=none; fi; \
	  if [ "$$SUDO" = none ]; then \
	    echo "xmlsec1, php-cli or SimpleSAMLphp is missing and cannot be installed without root: SAML tests will be skipped."; \
	  else \
	    echo "Installing xmlsec1 (SAML signatures), php-cli and SimpleSAMLphp (the tests' SAML identity provider) ..."; \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq xmlsec1 php-cli php-xml php-mbstring simplesamlphp >/dev/null; \
	  fi; \
	fi

# Once, on the build machine, for every app server: the npm packages, the static files collected
# with production's storage (hashed names, compressed, the manifest) into STATIC_ROOT, and the
# compiled translations. App servers get the result and need neither npm nor node_modules.
# Collected again only when a static file or the npm packages changed (it takes minutes: every
# file is compressed). STATIC_ROOT is the settings' (config/settings/base.py), `staticfiles/`.
STATIC_ROOT ?= $(CURDIR)/staticfiles
export STATIC_ROOT
$(STATIC_ROOT)/staticfiles.json: $(shell find static -type f) package-lock.json node_modules/.installed $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=config.settings.build $(PY) manage.py collectstatic --noinput --clear -v0
build: install $(STATIC_ROOT)/staticfiles.json
	DJANGO_SETTINGS_MODULE=config.settings.build $(PY) manage.py compilemessages -l da -v0

# nginx, two gunicorn app servers, a Celery worker and beat on loopback (needs PostgreSQL's
# DATABASE_URL, REDIS_URL and `make build`'s STATIC_ROOT); .ci/run runs it time-boxed.
production-shape: install nginx
	HJEMMEPAED_PRODUCTION_SHAPE=1 $(PY) -m pytest -p no:cacheprovider --reuse-db tests/production_shape

# HOST and PORT reach the settings too: links in letters and e-mails point where the app runs.
run: install
	$(PY) manage.py migrate --noinput -v0
	HOST=$(HOST) PORT=$(PORT) $(PY) manage.py seed_demo
	@echo "hjemmepaed kører på http://$(HOST):$(PORT)/  (stop med Ctrl+C)"
	@echo "Demo med ét klik (uden adgangskode og kode): http://$(HOST):$(PORT)/demo/"
	HOST=$(HOST) PORT=$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

# Four xdist workers on the 2-core machines this runs on: the browser tests wait on Chromium and
# the live server, PostgreSQL's on the server and the broker tests on their lock, and more workers
# fill those waits (embedded 4 min 4 s with two, 3 min 40 s with three; PostgreSQL 4 min 47 s with
# three, 4 min 1 s with four; the same tree, an idle machine). The broker tests never run at once
# (a lock, conftest.py).
# --durations=15: the slowest tests at the end of every run (and of CI's log), where the suite's time goes.
# --reuse-db: on PostgreSQL the test databases are copies of a migrated template kept between
# runs (tests/databases.py); SQLite's are in memory and made anew anyway.
PYTEST_XDIST ?= -n 4 --dist loadgroup
test: install browser saml
	$(PY) -m pytest $(PYTEST_XDIST) --reuse-db --durations=15 $(PYTEST_ARGS)

# The browser tests with their screenshots (test-artifacts/screenshots/, at 375 and 1280 px),
# which `make test` leaves out for speed (a failed test's page is kept either way).
screenshots: install browser
	HJEMMEPAED_SCREENSHOTS=1 $(PY) -m pytest $(PYTEST_XDIST) --reuse-db -m browser $(PYTEST_ARGS)

# The benchmarks' smallest runs (all five, or those BENCHES names), each checking its figures and its
# floor (benchmarks/README.md), on DATABASE_URL's database or the embedded SQLite; CI runs them so they
# cannot rot.
BENCHES ?= access_gates report lists pdf sheet
bench-smoke:
	@set -e; for bench in $(BENCHES); do \
	  echo "--- benchmarks/bench_$$bench.py --smoke"; \
	  $(PY) benchmarks/bench_$$bench.py --smoke; \
	done

# After changing a user-facing text: update the Danish catalogue, translate, then compile.
messages: install
	$(PY) manage.py makemessages -l da --no-location --ignore=.venv --ignore=node_modules --ignore=var
	$(PY) manage.py compilemessages -l da

clean:
	rm -rf $(VENV) node_modules var staticfiles test-artifacts
