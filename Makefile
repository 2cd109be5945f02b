# Two commands for a fresh Debian machine: `make demo` (the main job) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint bench defects load flake clean

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/bootstrap.sh scripts/apt-packages.txt
	bash scripts/bootstrap.sh $(VENV)
	touch $(STAMP)

demo: setup
	$(PY) scripts/demo.py

test: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m pytest -n 2

bench: setup
	$(PY) -m bench.suite_bench
	$(PY) -m bench.tutorial_speed

defects: setup
	$(PY) -m bench.defect_matrix

load: setup
	$(PY) -m bench.load

flake: setup
	$(PY) -m bench.flake

lint: setup
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

clean:
	rm -rf reports/* .pytest_cache
