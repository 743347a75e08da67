# scwres: two commands do all the set-up on a fresh machine.
#   make report   build every report from the bundled sample data
#   make test     run every test
# Both create .venv on first use; `make setup` does just that.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
YEAR   ?= 2024
RETURNS ?= data/sample_returns
OUT    ?= outputs
JOBS   ?=

# Reproducible outputs: a fixed timestamp wherever a tool would stamp "now".
export SOURCE_DATE_EPOCH ?= 1700000000
export PYTHONHASHSEED = 0
export MPLBACKEND = Agg
export PIP_DISABLE_PIP_VERSION_CHECK = 1

.PHONY: setup test report validate indicators clean refresh-notebooks benchmark

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip 2>&1 | grep -v 'is ignored' || true
	$(BIN)/pip install --quiet -e '.[test]' 2>&1 | grep -v 'is ignored' || true
	@$(BIN)/python -c "import scwres_helpers, papermill, pandas, pandera, pytest" \
		|| { echo "setup failed: the packages did not install"; exit 1; }
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $(STAMP)

test: setup
	$(BIN)/python -m pytest

report: setup
	$(BIN)/scwres validate $(RETURNS) --year $(YEAR) || true
	$(BIN)/scwres indicators $(RETURNS) --year $(YEAR) --out $(OUT)/$(YEAR)/indicators.csv
	@echo "Indicators table: $(OUT)/$(YEAR)/indicators.csv"

clean:
	rm -rf $(OUT)
