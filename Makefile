# PACARS: `make run` starts everything, `make test` runs the whole suite.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install browser-deps run test test-fast lint bench chaos eval migrate compose-check clean bench-deps

install: $(STAMP)

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

run: install
	$(PY) scripts/run_all.py

# Lint first (ruff, formatting, mypy: the conventions ask for both in CI), then every tier:
# on TEST_WORKERS workers (the end-to-end tests mostly wait on the services they start), then
# the tests marked serial (they restart the broker) alone.
TEST_WORKERS ?= 3
test: install browser-deps lint
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal -m "not serial" --durations=20
	$(PY) -m pytest -m serial --durations=5

# Unit tests only: seconds, no services needed.
test-fast: install
	$(PY) -m pytest -m unit -q

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy shared services bench tests

bench: install bench-deps
	$(PY) -m bench

# Faults while reports flow (restarts RabbitMQ on this machine): see bench/chaos.py.
chaos: install
	$(PY) -m bench.chaos

eval: install
	$(PY) -m services.triage.evaluate

migrate: install
	$(PY) scripts/migrate_all.py

compose-check:
	docker-compose config -q && echo "docker-compose.yml is valid"

clean:
	rm -rf var .pytest_cache

# Debian's Chromium and axe-core for the browser tests (idempotent).
browser-deps:
	sh scripts/install_browser_deps.sh

# wrk drives the intake benchmark (idempotent).
bench-deps:
	sh scripts/install_bench_deps.sh
