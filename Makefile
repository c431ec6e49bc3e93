# vnplan: `make extract` and `make test` are all the set-up a fresh clone needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: extract test lint bench bench-quick schema eval system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

# LibreOffice reads legacy .doc, Tesseract (with its Vietnamese model) reads scans, headless
# Chromium renders the HTML report in the tests; install them when we can (root with apt-get),
# otherwise say so.
SYSTEM_PACKAGES := libreoffice-writer-nogui tesseract-ocr tesseract-ocr-vie
system-deps:
	@{ command -v soffice >/dev/null 2>&1 && command -v tesseract >/dev/null 2>&1 \
	   && tesseract --list-langs 2>/dev/null | grep -qx vie; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; \
	  else echo "warning: LibreOffice or Tesseract (vie) missing: .doc files and scans will be reported as errors / needs_ocr"; fi; }
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; \
	  else echo "warning: chromium not found: the HTML report test will fail (or set VNPLAN_CHROMIUM)"; fi; }

extract: $(STAMP) system-deps
	$(BIN)/vnplan extract samples/ -o output/

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: $(STAMP) system-deps lint
	$(BIN)/pytest -q

bench: $(STAMP) system-deps
	$(BIN)/python -m tests.benchmark $(BENCH_ARGS)

bench-quick: $(STAMP) system-deps
	$(BIN)/python -m tests.benchmark --quick

schema: $(STAMP)
	$(BIN)/vnplan schema > schemas/plan.schema.json

eval: extract
	$(BIN)/vnplan eval --gold samples/gold --pred output/

clean:
	rm -rf output/*.json output/manifest.jsonl
