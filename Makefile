# scwres: two commands do all the set-up on a fresh machine.
#   make report   build every report from the bundled sample data
#   make test     run every test
# Both create .venv on first use; `make setup` does just that.

# The interpreter .venv is made from: the distribution's CPython 3.11 when there is one,
# else python3 on PATH. Distributions build CPython with profile-guided and link-time
# optimisation; pyenv (this machine's python3) builds it without unless asked. With the
# distribution's, a 153-authority build took 8% less time (the mean of seven alternating
# pairs), with the same bytes (benchmarks/README.md, the eleventh session). PYTHON=...
# chooses another.
DISTRIBUTION_PYTHON := $(firstword $(wildcard /usr/bin/python3.11))
PYTHON ?= $(or $(DISTRIBUTION_PYTHON),python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
YEAR   ?= 2024
REPORT_YEARS ?= 2022 2023 2024
RETURNS ?= data/sample_returns
OUT    ?= outputs
# The year's written content (docs/authoring.md): the sample data's example for the
# sample returns, else the project's content/<year>/ folders.
CONTENT ?= $(if $(filter data/sample_returns,$(RETURNS)),content/sample,content)
JOBS   ?=

# Reproducible outputs: every file a build writes is dated with its year's publication
# date (publication_dates in params/national.yml; SOURCE_DATE_EPOCH, when set, wins).
export PYTHONHASHSEED = 0
export MPLBACKEND = Agg
export PIP_DISABLE_PIP_VERSION_CHECK = 1

NBVAL  := --nbval --nbval-sanitize-with notebooks/nbval_sanitize.cfg
# setuptools reports every editable install with an information-only warning
# ("Editable installation."); pip prints it as a banner. Set-up prints only problems.
SETUPTOOLS_QUIET := PYTHONWARNINGS='ignore:Editable installation'

# Quarto, for the tests of the Quarto renderer: the quarto on PATH, else the one the
# shared installer (../shared/tools/quarto, Quarto 1.7.34) put or now puts in
# QUARTO_PREFIX: /opt/quarto when it holds one or can be written, else .quarto-cli/
# in this checkout (git-ignored, about 490 MB). `make test` puts it first on PATH.
QUARTO_INSTALLER ?= ../shared/tools/quarto/install
QUARTO_PREFIX ?= $(shell if [ -x /opt/quarto/bin/quarto ] || { mkdir -p /opt/quarto 2>/dev/null && [ -w /opt/quarto ]; }; \
	then echo /opt/quarto; else echo $(CURDIR)/.quarto-cli; fi)

.PHONY: setup test test-setup quarto-setup report clean refresh-notebooks

setup: $(STAMP)

$(STAMP): pyproject.toml
	@# Debian's CPython makes environments with its python3-venv package (ensurepip),
	@# installed here when we are root and it is missing.
	@if [ ! -x $(BIN)/python ]; then \
		if ! $(PYTHON) -c 'import ensurepip' 2>/dev/null && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "installing python3-venv (apt)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; \
		fi; \
		$(PYTHON) -m venv $(VENV) || { echo "setup failed: $(PYTHON) -m venv (try PYTHON=python3)"; exit 1; }; \
	fi
	@# Render processes preload jemalloc where it is installed: Typst compiled PDFs in 16%
	@# less CPU time with it (scwres_helpers/publish/render_allocator.py). Without it they
	@# use the C library's allocator.
	@if ! /sbin/ldconfig -p 2>/dev/null | grep -q 'libjemalloc\.so\.2 ' && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "installing libjemalloc2 (apt)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libjemalloc2 >/dev/null; \
	fi
	$(BIN)/pip install --quiet --upgrade pip 2>&1 | grep -v 'is ignored' || true
	$(SETUPTOOLS_QUIET) $(BIN)/pip install --quiet -e '.[test]' 2>&1 | grep -v 'is ignored' || true
	@$(BIN)/python -c "import scwres_helpers, papermill, pandas, typst, pypandoc, distributed, pytest" \
		|| { echo "setup failed: the packages did not install"; exit 1; }
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@# pip compiles the packages it installs, but not ours (installed editable): where Python
	@# may not write bytecode (PYTHONDONTWRITEBYTECODE, a read-only checkout), every process
	@# (a kernel, a worker, the build) compiled the package afresh, 0.1 s each.
	$(BIN)/python -m compileall -q scwres_helpers >/dev/null
	@touch $(STAMP)

# Browser tests need Debian's chromium (and pdftoppm); install them when we are
# root and they are missing. Without root the browser tests skip with a reason
# (under CI=true they fail instead). The workbook tests recalculate formulas with
# LibreOffice (soffice), installed the same way.
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
	@if ! command -v soffice >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "installing LibreOffice Calc, headless (apt)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
				libreoffice-calc-nogui >/dev/null; \
		else \
			echo "note: soffice missing and not root: the workbook recalculation tests will skip"; \
		fi; \
	fi

# Install the shared Quarto when no quarto is on PATH or in QUARTO_PREFIX (a rerun of
# the installer takes about a second). Without the installer the Quarto tests skip
# with the reason (under CI=true they fail instead).
quarto-setup:
	@if command -v quarto >/dev/null 2>&1 || [ -x "$(QUARTO_PREFIX)/bin/quarto" ]; then :; \
	elif [ -x "$(QUARTO_INSTALLER)" ]; then \
		echo "installing Quarto into $(QUARTO_PREFIX) with $(QUARTO_INSTALLER)"; \
		"$(QUARTO_INSTALLER)" "$(QUARTO_PREFIX)" >/dev/null || { echo "the Quarto install failed"; exit 1; }; \
	else \
		echo "note: no quarto on PATH and no $(QUARTO_INSTALLER): the Quarto tests will skip"; \
	fi

# Every test: the import contracts (layers run one way, no cycles; pyproject.toml),
# then unit, property, back and end-to-end tests (the Quarto ones against the real
# Quarto), then nbval over the committed notebooks (a changed published figure fails
# until refreshed on purpose). TEST_WORKERS pytest processes share the tests a file at
# a time (a file's fixtures are built once; much of a test's time is spent waiting on
# kernels, Typst, Quarto or the browser, so two workers keep both cores busy).
# A Jupyter kernel started over TCP binds ports its manager found free a moment before;
# a kernel started at that moment by the other worker can take one ("Address already in
# use": the kernel dies before replying). Only a test that failed that way is run again.
TEST_WORKERS ?= 2
KERNEL_PORT_RACE := --reruns 2 --only-rerun 'Kernel died before replying to kernel_info'
test: export PATH := $(QUARTO_PREFIX)/bin:$(PATH)
test: test-setup quarto-setup
	$(BIN)/lint-imports
	$(BIN)/python -m pytest tests notebooks $(NBVAL) -n $(TEST_WORKERS) --dist loadfile $(KERNEL_PORT_RACE) --durations=25

# Re-execute the committed notebooks against the fixture (deliberately).
refresh-notebooks: setup
	$(BIN)/scwres refresh-notebooks

# Every report for every year of the sample data (each build prints where its outputs
# are), then the public website of all the years in $(OUT)/website (nothing private).
report: setup
	@for year in $(REPORT_YEARS); do \
		$(BIN)/scwres build $(RETURNS) --year $$year --out $(OUT) --content $(CONTENT) $(if $(JOBS),--jobs $(JOBS)) || exit 1; \
	done
	@$(BIN)/scwres publish $(OUT) --out $(OUT)/website

clean:
	rm -rf $(OUT)
