# Two entry points: `make run` (set up, build the bundled corpus, summarise) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

# The main job: build the bundled corpus, summarise it, then open the app on a terminal
# (or, without one, write the markdown report to plandrift-report.md).
run: $(STAMP)
	$(BIN)/plandrift build
	$(BIN)/plandrift docs
	@if [ -t 0 ] && [ -t 1 ]; then $(BIN)/plandrift tui; \
	else $(BIN)/plandrift report --format markdown -o plandrift-report.md; fi

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) plandrift.db plandrift-report.md build *.egg-info
