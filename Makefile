# The two commands of the README. Both set everything up first (scripts/setup.sh).
export QT_QPA_PLATFORM := offscreen

.PHONY: setup demo test bench plugin
setup:
	bash scripts/setup.sh

demo: setup
	.venv/bin/segassess demo --out-dir demo_out --overwrite

test: setup
	.venv/bin/python -m pytest -q tests

bench: setup
	.venv/bin/python bench/pipeline.py

plugin: setup
	.venv/bin/python build_plugin.py
