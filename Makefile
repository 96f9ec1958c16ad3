# Two commands set the project up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test eval bench schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p build
	$(BIN)/notice-parser parse corpus/notices -o build/demo.jsonl
	$(BIN)/notice-parser summary build/demo.jsonl

test: $(STAMP)
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/notice-parser eval corpus

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

schema: $(STAMP)
	$(BIN)/notice-parser schema > schema/taskgraph.schema.json

clean:
	rm -rf $(VENV) build dist
