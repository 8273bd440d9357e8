# The Sales Panel's commands. `make test` is the test command CI runs.
PYTHON ?= python3

.PHONY: test test-quick setup lint demo bench

## Run the whole suite on a fresh database; ends with "N passed, N failed".
test:
	$(PYTHON) tools/run_tests.py

## Quicker local loop: skip install/uninstall of each addon alone and the linters.
test-quick:
	$(PYTHON) tools/run_tests.py --no-isolation --no-lint

## Install what the suite needs besides Odoo 18 itself (root, Debian).
setup:
	bash tools/setup.sh

lint:
	$(PYTHON) -m ruff check addons tests tools bench
	$(PYTHON) -m pylint --rcfile .pylintrc addons/*

## Benchmarks against stock Odoo on a P1-shaped dataset (not part of CI): make bench SIZE=S|M|L
SIZE ?= S
bench:
	$(PYTHON) bench/run.py --size $(SIZE)

## Regenerate crm_sales_base's demo XML.
demo:
	$(PYTHON) tools/gen_demo.py
