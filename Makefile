# Two commands on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench template goldens clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/salesreport demo -o out

test: $(STAMP)
	XLWINGS_LICENSE_KEY=noncommercial $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

template: $(STAMP)
	$(BIN)/salesreport template -o workbook_template.xlsx

goldens: $(STAMP)
	SALESREPORT_UPDATE_GOLDENS=1 XLWINGS_LICENSE_KEY=noncommercial $(BIN)/python -m pytest tests -k golden
	git --no-pager diff --stat tests/goldens

clean:
	rm -rf $(VENV) out build *.egg-info
