# graphlib_kam — set-up and everyday commands. Each target makes its own virtualenv.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PORT ?= 8501

.PHONY: install run test system-deps bench docs lint clean mutation screenshots

$(STAMP): pyproject.toml setup.py graphlib_kam/algorithms/_betweenness.c
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,spark]'
	touch $(STAMP)

install: $(STAMP)

## run: install everything and open the explorer on the bundled examples
run: install
	$(VENV)/bin/kam explore --port $(PORT)

## system-deps: Chromium (browser tests), poppler (PDF checks) and the CJK font PDF reports embed (fonts-wqy-microhei), from Debian's packages
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing="$$missing fonts-wqy-microhei"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing from Debian's packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

## test: install everything and run the whole test suite (starts its own Neo4j and Chromium)
test: install system-deps
	$(PY) -m pytest

## bench: every benchmark under benchmarks/ (medians and ratios; the summary goes in the README, the tables in docs/benchmarks.md)
bench: install
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

## docs: rewrite docs/cli.md from `kam --help` (tests/test_docs.py fails when it is out of date)
docs: install
	COLUMNS=100 $(PY) -m graphlib_kam.cli.reference > docs/cli.md.tmp && mv docs/cli.md.tmp docs/cli.md

## screenshots: rewrite the explorer's screenshots in docs/ (the bank in English and Chinese, its org chart, a 200-person map) with Chromium at 1440x900 (on demand)
screenshots: install system-deps
	$(PY) scripts/screenshots.py

## mutation: mutmut over graphlib_kam/algorithms/ with the fast algorithm tests, one worker, niced (on demand, slow; docs/mutation.md)
mutation: install
	$(PY) -m pip install --quiet -e '.[test,mutation]'
	nice -n 19 $(VENV)/bin/mutmut run --max-children 1
	$(VENV)/bin/mutmut results

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache tests/neo4j_server/target
