# Two commands set the project up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test eval bench fuzz schema clean browser
FUZZ_SECONDS ?= 600

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,server,spacy]'
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p build
	$(BIN)/notice-parser parse corpus/notices -o build/demo.jsonl
	$(BIN)/notice-parser summary build/demo.jsonl

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# The HTML view is tested in a real headless Chromium (Debian's package; playwright drives it, downloads nothing).
CHROMIUM ?= /usr/bin/chromium
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's chromium for the browser test"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "could not install chromium: the browser test will be skipped"; \
	  else echo "no $(CHROMIUM) (apt-get install chromium): the browser test will be skipped"; fi; \
	fi

eval: $(STAMP)
	$(BIN)/notice-parser eval corpus

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/adversarial.py
	$(BIN)/python benchmarks/serve_load.py

# Fuzz parse() and each extractor with atheris; FUZZ_SECONDS in all (default 10 minutes), not part of CI.
fuzz: $(STAMP)
	$(BIN)/python -m pip install --quiet atheris
	@for t in parse citations agencies deadlines sections; do \
	  echo "== fuzz $$t"; \
	  $(BIN)/python fuzz/fuzz_targets.py $$t -max_total_time=$$(( $(FUZZ_SECONDS) / 5 )) -rss_limit_mb=4096 || exit 1; \
	done

schema: $(STAMP)
	$(BIN)/notice-parser schema > schema/taskgraph.schema.json

clean:
	rm -rf $(VENV) build dist
