# Two commands on a fresh machine: `make demo` and `make test`. Each sets up .venv itself.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export MPLBACKEND := Agg
export PYTHONHASHSEED := 0

.PHONY: demo test lab lint venv clean bench docs tools mutate

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/budgetlib audit params/seed_2023.yaml -o runs/seed_2023/findings.json -o runs/seed_2023/findings.csv -o runs/seed_2023/findings.xlsx -o runs/seed_2023/findings.pdf
	$(BIN)/budgetlib run params/seed_2023.yaml --out runs
	$(BIN)/budgetlib batch data/ --out runs/batch --no-notebooks

# tests/test_annotate.py renders findings.pdf with pdftoppm (Debian: poppler-utils), the OCR test reads a
# scanned page with tesseract (chi_sim) and tests/test_overview.py opens 汇总.html in headless Chromium
# (Debian: chromium, with a CJK font). Installed here where we can (root with apt-get: the project's
# machines and CI); elsewhere those tests skip and say why, and under CI=true they fail.
TOOLS_APT := poppler-utils tesseract-ocr tesseract-ocr-chi-sim
tools:
	@if ! command -v pdftoppm >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx chi_sim; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TOOLS_APT)) >/dev/null \
	      || echo "未能安装 $(TOOLS_APT) / could not install them: the render and OCR tests will skip"; \
	  else echo "pdftoppm 或 tesseract(chi_sim) 不可用 / missing: the render and OCR tests will skip"; fi; fi
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk) >/dev/null \
	      || echo "未能安装 chromium / could not install chromium: the browser test will skip"; \
	  else echo "chromium 不可用 / chromium missing: the browser test will skip"; fi; }

test: $(STAMP) tools
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n 2 tests
	$(BIN)/python -m pytest -q --nbval-lax --nbval-sanitize-with notebooks/sanitize.cfg notebooks/

# Jupyter refuses to start as root unless told; these machines (and many servers) run as root.
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/ $$([ "$$(id -u)" = 0 ] && echo --allow-root)

lint: $(STAMP)
	$(BIN)/ruff check .

docs: $(STAMP)
	$(BIN)/python -m budgetlib.docs

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

# Mutation run over budgetlib/checks and the claim readers (not part of `make test`): docs/benchmarks.md.
mutate: $(STAMP)
	$(BIN)/python benchmarks/mutate.py $(ARGS)

clean:
	rm -rf $(VENV) runs .pytest_cache
