# scwres: two commands do all the set-up on a fresh machine.
#   make report   build every report from the bundled sample data
#   make test     run every test
# Both create .venv on first use; `make setup` does just that.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
YEAR   ?= 2024
REPORT_YEARS ?= 2022 2023 2024
RETURNS ?= data/sample_returns
OUT    ?= outputs
JOBS   ?=

# Reproducible outputs: a fixed timestamp wherever a tool would stamp "now".
export SOURCE_DATE_EPOCH ?= 1700000000
export PYTHONHASHSEED = 0
export MPLBACKEND = Agg
export PIP_DISABLE_PIP_VERSION_CHECK = 1

NBVAL  := --nbval --nbval-sanitize-with notebooks/nbval_sanitize.cfg

.PHONY: setup test test-setup report clean refresh-notebooks

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip 2>&1 | grep -v 'is ignored' || true
	$(BIN)/pip install --quiet -e '.[test]' 2>&1 | grep -v 'is ignored' || true
	@$(BIN)/python -c "import scwres_helpers, papermill, pandas, typst, pypandoc, distributed, pytest" \
		|| { echo "setup failed: the packages did not install"; exit 1; }
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $(STAMP)

# Browser tests need Debian's chromium (and pdftoppm); install them when we are
# root and they are missing. Without root the browser tests skip with a reason
# (under CI=true they fail instead).
test-setup: setup
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "installing chromium and poppler-utils (apt)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				chromium poppler-utils fonts-dejavu-core >/dev/null; \
		else \
			echo "note: chromium/pdftoppm missing and not root: browser tests will skip"; \
		fi; \
	fi

# Every test: the import contracts (layers run one way, no cycles; pyproject.toml),
# then unit, property, back and end-to-end tests, then nbval over the committed
# notebooks (a changed published figure fails until refreshed on purpose).
test: test-setup
	$(BIN)/lint-imports
	$(BIN)/python -m pytest tests notebooks $(NBVAL)

# Re-execute the committed notebooks against the fixture (deliberately).
refresh-notebooks: setup
	$(BIN)/scwres refresh-notebooks

# Every report for every year of the sample data (earlier years first, so the
# site's year switcher finds them); each build prints where its outputs are.
report: setup
	@for year in $(REPORT_YEARS); do \
		$(BIN)/scwres build $(RETURNS) --year $$year --out $(OUT) $(if $(JOBS),--jobs $(JOBS)) || exit 1; \
	done

clean:
	rm -rf $(OUT)
