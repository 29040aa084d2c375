# Two commands do everything: `make run` serves the shop, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test setup lint bench clean

$(BIN)/python:
	$(shell command -v $(PYTHON) || command -v python3) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	$(FLASK) recommender index

# The tuned head trains beside the running shop (log: instance/train.log): the first page comes as soon as the
# untuned index is there, and the tuned version replaces it when training is done (or the log says why not).
run: setup
	@echo "Serving the shop on http://$(HOST):$(PORT)  (Ctrl-C to stop)"
	@mkdir -p instance && ($(FLASK) recommender train > instance/train.log 2>&1 &)
	$(FLASK) run --host $(HOST) --port $(PORT)

# The suite runs in parallel: one pytest-xdist worker per core, each on its own databases; browser tests
# share one worker (see tests/conftest.py). PYTEST_XDIST="-n 0" runs it in one process.
PYTEST_XDIST ?= -n auto --dist loadgroup --no-loadscope-reorder

test: $(VENV)/.installed
	@echo "$(BIN)/python -m pytest $(PYTEST_XDIST) $(PYTEST_ARGS)"
	@status=0; $(BIN)/python -m pytest $(PYTEST_XDIST) $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest found no tests to run (exit 5); that is a failure." >&2; fi; \
	exit $$status

lint: $(VENV)/.installed
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
