# Two commands on a fresh machine: `make demo` and `make test`. The steps are dev.py's, which Windows
# (no make) runs directly: `py dev.py demo`, `py dev.py test` (README, Quick start).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench template goldens clean

$(STAMP): pyproject.toml
	$(PY) dev.py setup

demo: $(STAMP)
	$(PY) dev.py demo

test: $(STAMP)
	$(PY) dev.py test

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/batch_bench.py

template: $(STAMP)
	$(BIN)/salesreport template -o workbook_template.xlsx

goldens: $(STAMP)
	SALESREPORT_UPDATE_GOLDENS=1 XLWINGS_LICENSE_KEY=noncommercial $(BIN)/python -m pytest tests -k golden
	git --no-pager diff --stat tests/goldens

clean:
	rm -rf $(VENV) out build *.egg-info
