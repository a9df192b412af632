# wgp-audit: `make help` lists the targets. The README's two commands are `make audit` and `make test`.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PY := .venv/bin/python
WGP := .venv/bin/wgp-audit
#: `make coverage` fails under this: 83.1% (lines and branches; branches alone 74.6%) measured on
#: 2026-12-02 without the slow/server/browser tests; raise it as coverage rises, never lower it
COVERAGE_FLOOR := 83
#: `make test` fails under this: 90% (lines and branches, the whole suite with servers and browser)
#: measured on 2026-12-02; one point of slack for paths that depend on timing (lock waits)
COVERAGE_FLOOR_ALL := 89

.PHONY: help setup services demo check audit test lint notebooks lab bench lock test-pythons typecheck-tests coverage

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

setup: ## create .venv with exactly the versions in requirements.lock (uv or pip, hashes checked)
	@scripts/bootstrap.sh

services: ## install PostgreSQL, MariaDB and Chromium for the tests (apt, idempotent)
	@scripts/setup-services.sh

demo: setup ## write the demo database, manifest and logs into demo-data/
	@$(WGP) demo --out demo-data

check: demo ## run every check on the demo data and print the summary
	@$(WGP) check --source demo-data/wgp.duckdb --out demo-data/findings.json || [ $$? -eq 1 ]

audit: demo ## set up, generate the demo data, run the whole audit, print where the report is
	@$(WGP) run --source demo-data/wgp.duckdb --logs demo-data/logs || [ $$? -eq 1 ]

test: setup services ## set up and run every test (pytest with branch coverage and its floor, nbval, lint)
	@$(PY) -m pytest --cov=wgp_audit --cov-branch --cov-report=term:skip-covered \
		--cov-fail-under=$(COVERAGE_FLOOR_ALL)
	@$(MAKE) --no-print-directory lint

lint: ## ruff check and ruff format --check, sqlfluff on sql/, mypy --strict on the package and mypy over tests
	@.venv/bin/ruff check src tests benchmarks
	@.venv/bin/ruff format --check src tests benchmarks
	@.venv/bin/sqlfluff lint sql/ --processes 2
	@.venv/bin/mypy
	@.venv/bin/mypy tests

notebooks: setup ## re-execute the notebooks on the demo data and commit-ready their outputs
	@$(PY) -m wgp_audit.report.refresh

lab: setup ## start JupyterLab on the workspace with the wgp-audit kernel
	@$(PY) -m ipykernel install --sys-prefix --name wgp-audit --display-name "wgp-audit" >/dev/null
	@.venv/bin/jupyter lab --notebook-dir=. $$( [ "$$(id -u)" -eq 0 ] && echo --allow-root ) \
		--ContentsManager.pre_save_hook=wgp_audit.report.normalise.pre_save_hook

bench: setup ## run the benchmarks and print the figures (see benchmarks/README.md)
	@$(PY) benchmarks/logs_bench.py

bench-e2e: setup ## end-to-end audit benchmark, small and medium scale (benchmarks/README.md)
	@$(PY) benchmarks/e2e_bench.py --scales small,medium

lock: ## refresh requirements.lock from pyproject.toml (pins kept; make lock UPGRADE=--upgrade for newest)
	@uv pip compile pyproject.toml --extra test --universal --python-version 3.11 --generate-hashes \
		--custom-compile-command "make lock" --quiet $(UPGRADE) -o requirements.lock
	@echo "requirements.lock refreshed; make setup installs it"

test-pythons: ## install the lock into a venv per Python (3.11, 3.12, 3.13) and run the fast tests on each
	@scripts/test-pythons.sh 3.11 3.12 3.13

typecheck-tests: setup ## mypy over tests/ (relaxed override in pyproject.toml)
	@.venv/bin/mypy tests

coverage: setup ## branch coverage of the package under the tests without servers or browser, with its floor
	@$(PY) -m pytest -q -p no:cacheprovider -m "not slow and not postgres and not mariadb and not browser" \
		--cov=wgp_audit --cov-branch --cov-report=term:skip-covered --cov-fail-under=$(COVERAGE_FLOOR) tests
