# Two commands on a fresh machine: `make demo` and `make test`. Each sets up .venv itself.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export MPLBACKEND := Agg
export PYTHONHASHSEED := 0

.PHONY: demo test lab lint venv clean bench docs

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/budgetlib audit params/seed_2023.yaml -o runs/seed_2023/findings.json -o runs/seed_2023/findings.csv -o runs/seed_2023/findings.xlsx
	$(BIN)/budgetlib run params/seed_2023.yaml --out runs
	$(BIN)/budgetlib batch data/ --out runs/batch --no-notebooks

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n 2 tests
	$(BIN)/python -m pytest -q --nbval-lax --nbval-sanitize-with notebooks/sanitize.cfg notebooks/

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

lint: $(STAMP)
	$(BIN)/ruff check .

docs: $(STAMP)
	$(BIN)/python -m budgetlib.docs

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) runs .pytest_cache
