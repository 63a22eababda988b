# Antrean: two commands for a newcomer.
#   make demo   run the whole system with simulated devices
#   make test   run every check (lint, types, import contracts, tests)
# Both first check the Debian packages they need (requirements/debian.txt), then install
# the locked versions (requirements/dev.txt) and the project into $(VENV).
#   make lock   pin the dependencies again after a change to pyproject.toml
#               (make lock UPGRADE=--upgrade: the newest versions the floors allow)

PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements/dev.txt
UPGRADE ?=

# The packages are checked before $(VENV) is made: it needs python3-venv.
.NOTPARALLEL:
.PHONY: demo test venv lint format bench lock clean debian-demo debian-test

$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The project and its locked dependencies in $(VENV), alone (CI's other Pythons).
venv: $(STAMP)

debian-demo debian-test: debian-%:
	@requirements/debian-packages $*

demo: debian-demo $(STAMP)
	$(BIN)/antrean demo

test: debian-test $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m bench.server_load

# One resolution for every role: dev.txt holds them all, and each role's file is cut from
# it, so a server, a kiosk and a board install the versions that CI tested together.
LOCK_OPTIONS := --quiet --universal --generate-hashes --python-version 3.11 \
	--custom-compile-command "make lock" $(UPGRADE)
lock: $(STAMP)
	$(BIN)/uv pip compile $(LOCK_OPTIONS) --extra dev pyproject.toml -o requirements/dev.txt
	$(BIN)/uv pip compile $(LOCK_OPTIONS) --extra server -c requirements/dev.txt \
		pyproject.toml -o requirements/server.txt
	$(BIN)/uv pip compile $(LOCK_OPTIONS) --extra kiosk --extra usb -c requirements/dev.txt \
		pyproject.toml -o requirements/kiosk.txt
	$(BIN)/uv pip compile $(LOCK_OPTIONS) --extra display -c requirements/dev.txt \
		pyproject.toml -o requirements/display.txt
	$(BIN)/uv pip compile $(LOCK_OPTIONS) --extra hq -c requirements/dev.txt \
		pyproject.toml -o requirements/hq.txt

clean:
	rm -rf $(VENV) .venv-3.* build *.egg-info .mypy_cache .ruff_cache .pytest_cache
