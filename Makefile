# The two commands a newcomer needs:
#   make run   install, migrate, load the bundled curriculum, serve on http://127.0.0.1:8000
#   make test  install the dev tools, then lint, types, import rules and the whole test suite

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONSTRAINTS := requirements/constraints.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test install install-dev lint types imports content pytest lock clean

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

run: install
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

test: lint types imports content pytest

# Regenerate the pinned versions from the current virtualenv (after adding a dependency).
lock:
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e ' | LC_ALL=C sort > $(CONSTRAINTS)

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
