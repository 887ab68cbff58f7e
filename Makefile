# retrain_gate. A fresh machine with Python 3.11 needs only `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
ROWS ?= 1000000
LINT_DB := $(CURDIR)/build/lint.duckdb
LINT_PROCESSES ?= 2

.PHONY: demo test prerequisites registry lint lint-python lint-sql pytest snowduck test-spark test-snowflake bench bench-peers bench-growth bench-fleet calibrate clean

# The virtual environment, with the exact versions of constraints.txt.
$(INSTALLED): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

# Generate the demo logs into demo/demo.duckdb, build retrain_gate on them, print the summary
# and every model's verdict, write demo/report.html.
demo: $(INSTALLED)
	$(BIN)/retrain-gate demo

test: prerequisites lint pytest

# The seeds (the check and verdict catalogs) are generated from the registry macros:
# rewrite them after editing macros/config/retrain_gate_checks.sql or retrain_gate_verdicts.sql.
registry: $(INSTALLED)
	$(BIN)/python -m retrain_gate.registry

# The system programs the tests start themselves: a PostgreSQL server (its initdb and pg_ctl),
# a Java 17 JDK for the local SparkSession (the tests compile one class with its javac),
# headless Chromium for the report. Installed with apt when missing and running as root (as CI
# does); otherwise one message with the command to run.
APT_PACKAGES := $(strip \
  $(if $(shell command -v initdb || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null),,postgresql) \
  $(if $(shell command -v javac),,openjdk-17-jdk-headless) \
  $(if $(shell command -v chromium || command -v chromium-browser),,chromium))
prerequisites:
ifneq ($(APT_PACKAGES),)
ifeq ($(shell id -u),0)
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES)
else
	@echo "make test needs: $(APT_PACKAGES). Install them with: sudo apt-get install -y $(APT_PACKAGES)"; exit 1
endif
endif

lint: lint-python lint-sql

lint-python: $(INSTALLED)
	$(BIN)/ruff check retrain_gate python_tests bench lint calibration
	$(BIN)/ruff format --check retrain_gate python_tests bench lint calibration
	$(BIN)/mypy

# sqlfluff's dbt templater lints the SQL the models and macros really generate: the lint
# project compiles them against a small demo log it builds first. Two processes: parsing and
# linting the compiled check models is most of its time (185 s in one process, 118 s in two).
lint-sql: $(INSTALLED)
	mkdir -p build
	$(BIN)/python lint/prepare.py $(LINT_DB)
	RETRAIN_GATE_LINT_DB=$(LINT_DB) $(BIN)/dbt build --quiet --project-dir lint --profiles-dir lint
	RETRAIN_GATE_LINT_DB=$(LINT_DB) $(BIN)/sqlfluff lint models tests --processes $(LINT_PROCESSES)

# The Snowflake emulator (snowduck) in its own virtualenv: it needs duckdb < 2, the project
# duckdb 2. The tests start it from $(SNOWDUCK); `make snowduck` prints that path.
SNOWDUCK_VENV := build/snowduck-venv
SNOWDUCK := $(CURDIR)/$(SNOWDUCK_VENV)/bin/snowduck
$(SNOWDUCK_VENV)/.installed: python_tests/snowduck_requirements.txt
	$(PYTHON) -m venv $(SNOWDUCK_VENV)
	$(SNOWDUCK_VENV)/bin/pip install --quiet --upgrade pip
	$(SNOWDUCK_VENV)/bin/pip install --quiet -r python_tests/snowduck_requirements.txt
	touch $@

snowduck: $(SNOWDUCK_VENV)/.installed
	@echo $(SNOWDUCK)

# DuckDB, a throwaway Postgres server, a local SparkSession and the Snowflake emulator, which
# the tests start themselves. Two workers (one per core, pytest-xdist), each taking whole
# modules: a module's warehouse is built once. Spark's correctness suites compare figures, not
# catalog operations: their session keeps its catalog in memory, without the Hive metastore on
# embedded Derby that test-spark's incremental suites exercise (docs/engines.md).
PYTEST_WORKERS ?= 2
pytest: $(INSTALLED) $(SNOWDUCK_VENV)/.installed
	RETRAIN_GATE_SPARK_CATALOG=in-memory RETRAIN_GATE_SNOWDUCK=$(SNOWDUCK) $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile --durations=25 python_tests

# On Spark (a local SparkSession), what `make test` leaves out of it: each Spark build takes
# minutes on 2 cores, so `make test` runs Spark on the three correctness suites only; this runs
# on Spark the nightly suite (with the rerun of a night), all the hostile inputs and the suites
# `make test` runs on DuckDB, Postgres and the Snowflake emulator only. Its nightly-suite item
# builds four times on Spark: it gets twice the 20 minutes of pyproject.toml's timeout.
SPARK_EXTRA_SUITES := config_errors dbt_unit_tests hostile_inputs hostile_names incremental \
  unusable_rows user_generic_tests
test-spark: $(INSTALLED)
	RETRAIN_GATE_TEST_ENGINES=spark $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile --timeout 2400 \
	  $(patsubst %,python_tests/test_%.py,$(SPARK_EXTRA_SUITES))

# On the Snowflake emulator, the suites `make test` runs on DuckDB and Postgres only (as
# test-spark does for Spark): `make test` runs Snowflake on the correctness, nightly, hostile-input
# and decisions suites, and this adds 82 tests: 169 s on two workers (2026-12-07).
SNOWFLAKE_EXTRA_SUITES := config_errors dbt_unit_tests hostile_names unusable_rows \
  user_generic_tests
test-snowflake: $(INSTALLED) $(SNOWDUCK_VENV)/.installed
	RETRAIN_GATE_TEST_ENGINES=snowflake RETRAIN_GATE_SNOWDUCK=$(SNOWDUCK) $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile \
	  $(patsubst %,python_tests/test_%.py,$(SNOWFLAKE_EXTRA_SUITES))

bench: $(INSTALLED)
	$(BIN)/python bench/run.py --rows $(ROWS)

# The bench plus Evidently, NannyML and a numpy PSI on the same data, in their own venv (a dot
# directory, out of mypy's crawl of bench/): Evidently 0.7 needs pandas < 3, the project pandas 3.
PEERS_VENV := bench/out/.peers-venv
$(PEERS_VENV)/.installed: bench/peers/requirements.txt
	$(PYTHON) -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/pip install --quiet --upgrade pip
	$(PEERS_VENV)/bin/pip install --quiet -r bench/peers/requirements.txt
	touch $@

bench-peers: $(INSTALLED) $(PEERS_VENV)/.installed
	$(BIN)/python bench/run.py --rows $(ROWS) --peers $(PEERS_VENV)/bin/python

# Cost growth with rows and with features: runs the points not yet in bench/out/results.jsonl
# for the package's current SQL, fits time against each, writes bench/out/growth.md.
bench-growth: $(INSTALLED)
	$(BIN)/python bench/growth.py

# Cost against the number of monitored models (1, 6, 24): parse, full build and nightly,
# fitted per model; writes bench/out/fleet.md.
bench-fleet: $(INSTALLED)
	$(BIN)/python bench/fleet.py

# False alarms and detection delays of the verdicts on simulated models (calibration/README.md):
# writes docs/operating_characteristics.md and build/calibration/results.json; not in `make test`.
calibrate: $(INSTALLED)
	$(BIN)/python -m calibration.run

clean:
	rm -rf $(VENV) build demo/target demo/dbt_packages demo/*.duckdb lint/target bench/out
