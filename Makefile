# Every target installs what it needs into .venv first, so a fresh clone needs only `make serve` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8765
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install serve test check fix openapi docs bench wrk clean browser screenshots bundles load-fixtures viewer-key token alarm-budget

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	touch $(STAMP)

install: $(STAMP) ## create .venv and install the service with its dev tools

serve: $(STAMP) ## run the service locally (unauthenticated demo mode, SQLite feedback store)
	$(BIN)/python -m service --host $(HOST) --port $(PORT) --local-demo

check: $(STAMP) ## format check, lint, types
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

test: check browser postgres ## checks, then the whole test suite (fails when no test ran)
	$(BIN)/python -m pytest --cov --cov-report=term

# The viewer's browser tests drive Debian's Chromium; CI runs as root on a fresh machine.
browser: ## install Debian's chromium + chromium-driver for the browser tests (once)
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver)

# The store tests also run on a real PostgreSQL, which tests/postgres_server.py starts itself
# from Debian's binaries (/usr/lib/postgresql/*/bin, not on PATH); CI requires it.
.PHONY: postgres
postgres: ## install Debian's postgresql for the store tests on PostgreSQL (once)
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql)

bench: $(STAMP) wrk postgres ## our service against a bare FastAPI endpoint: req/s, p50/p99, ratio, size series, RSS, JWT cost; 2 workers against 1
	$(BIN)/python -m bench $(BENCH_ARGS)

wrk: ## install Debian's wrk load generator for the benchmark (once)
	@command -v wrk >/dev/null || \
	  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk)

screenshots: $(STAMP) browser ## regenerate the viewer screenshots in docs/images/ (from out/viewer/)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/viewer/test_screenshots.py
	mkdir -p docs/images
	cp out/viewer/viewer-card-nl.png out/viewer/viewer-developer-en.png docs/images/

bundles: $(STAMP) ## write fixtures/bundles/*/*.transaction.json (FHIR transaction Bundles of the fixtures)
	$(BIN)/python -m fixtures.bundles

AS_OF ?= now
load-fixtures: $(STAMP) ## POST the fixture patients to a FHIR server, dates moved to now: make load-fixtures FHIR=URL [AS_OF=ISO]
	@test -n "$(FHIR)" || (echo "usage: make load-fixtures FHIR=<FHIR base URL> [AS_OF=now|ISO|fixtures]" >&2; exit 2)
	$(BIN)/python -m fixtures.load --fhir "$(FHIR)" --as-of "$(AS_OF)"

alarm-budget: $(STAMP) ## cards per indicator per patient: the routine panel beside the real MESCC fixtures
	$(BIN)/python -m fixtures.alarm_budget

viewer-key: $(STAMP) ## make the viewer's ES384 signing key: var/viewer-signing-key.pem + .jwks.json
	$(BIN)/python -m service.viewer.keys var/viewer-signing-key.pem

token: $(STAMP) ## print a 60 s viewer-signed JWT for one CDS endpoint: make -s token AUD=URL
	@$(BIN)/python -m service.token --aud "$(AUD)"

fix: $(STAMP) ## format and auto-fix lint
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

openapi: $(STAMP) ## regenerate openapi/openapi.json and docs/guidelines/*.md
	$(BIN)/python -m service.render

docs: openapi ## alias: the rendered documents

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage
