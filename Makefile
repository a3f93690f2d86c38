# The two commands a newcomer needs:
#   make run   install, migrate, load the bundled curriculum, build the web app, serve on http://127.0.0.1:8000
#   make test  install the dev tools, then lint, types, import rules, the web app's tests and the whole test suite

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONSTRAINTS := requirements/constraints.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test install install-dev lint types imports content pytest lock clean web web-build web-test chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools wheel

# Re-install only when the project's requirements change.
$(VENV)/.installed: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e .
	touch $@

# Dev tools, plus pyBKT for the offline knowledge-tracing fit and its tests: its C++ build
# needs NumPy, setuptools and wheel first and no build isolation (else it fails silently).
$(VENV)/.installed-dev: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e ".[dev,kt]"
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) --no-build-isolation --no-binary pyBKT pyBKT
	touch $(VENV)/.installed $@

# The document-store tests start their own servers: SecantusDB's MongoDB-wire `secantusd-py`
# (dev extra) and Google's Firestore emulator (the google-cloud-cli-firestore-emulator jar
# under /usr/lib/google-cloud-sdk, in the machine image, run with Java 17); nothing to install.

# The Firebase Auth emulator (npm firebase-tools) for identity's integration test; needs
# Node.js and Java. Without npm the test skips locally (CI has both, where it must run).
FIREBASE := tools/firebase
$(FIREBASE)/node_modules/.installed: $(FIREBASE)/package-lock.json
	@if command -v npm >/dev/null; then \
		cd $(FIREBASE) && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else echo "npm not found: the Firebase emulator test will skip"; fi

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev $(FIREBASE)/node_modules/.installed

# The web app (web/): npm packages from the lock file only (npm ci), re-installed when it changes.
WEB := web
CHROMIUM ?= /usr/bin/chromium
$(WEB)/node_modules/.installed: $(WEB)/package-lock.json
	cd $(WEB) && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed

web-build: $(WEB)/node_modules/.installed
	cd $(WEB) && npm run build

# `make run` serves the API alone when npm is missing (the gateway logs web_app_missing).
web:
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory web-build; \
	else echo "npm not found: the web app is not built; serving the API only (install Node.js 20.19+ and npm for the app at /)"; fi

# Debian's Chromium for the browser tests (no browser download: playwright-core drives it).
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "$(CHROMIUM) not found: installing Debian's chromium for the web app's browser tests (apt-get install -y chromium)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
		|| { echo "could not install chromium: install it (apt-get install chromium) or set CHROMIUM=/path/to/chromium"; exit 1; }; \
	fi

# Types, unit tests, the production build, then the browser tests against a real backend
# (embedded, fresh data dir, free port) that also check the generated API client is current.
web-test: install
	@if command -v npm >/dev/null; then \
		$(MAKE) --no-print-directory chromium $(WEB)/node_modules/.installed && \
		cd $(WEB) && npm run typecheck && npm test && npm run build && CHROMIUM=$(CHROMIUM) npm run e2e; \
	elif [ -n "$$MATHPATH_REQUIRE_SERVERS" ]; then echo "npm not found: the web app's tests cannot run"; exit 1; \
	else echo "npm not found: skipping the web app's tests (CI runs them)"; fi

run: install web
	$(BIN)/mathpath db upgrade
	$(BIN)/mathpath content load
	$(BIN)/mathpath serve

lint: install-dev
	$(BIN)/ruff check src tests benchmarks migrations
	$(BIN)/ruff format --check src tests benchmarks migrations

types: install-dev
	$(BIN)/mypy

imports: install-dev
	$(BIN)/lint-imports

content: install-dev
	$(BIN)/mathpath content validate

pytest: install-dev
	$(BIN)/pytest

test: lint types imports content web-test pytest

# Regenerate the pinned versions from the current virtualenv (after adding a dependency).
lock:
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e ' | LC_ALL=C sort > $(CONSTRAINTS)

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache $(WEB)/node_modules $(WEB)/dist $(WEB)/test-results
