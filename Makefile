# The two commands of the README. Both set everything up first (scripts/setup.sh).
export QT_QPA_PLATFORM := offscreen

.PHONY: setup demo test test-qgis322 test-qgis340 bench plugin
setup:
	bash scripts/setup.sh

demo: setup
	.venv/bin/segassess demo --out-dir demo_out --overwrite

# The suite on the system QGIS (Debian bookworm: 3.22), then on QGIS 3.40 LTR in a Debian root beside it
# (scripts/qgis340.sh; needs root). SEGASSESS_QGIS340=skip leaves the 3.40 run out.
test: test-qgis322 test-qgis340

test-qgis322: setup
	.venv/bin/python -m pytest -q tests

test-qgis340: setup
	@if [ "$${SEGASSESS_QGIS340:-}" = skip ]; then echo "[test] QGIS 3.40 run skipped (SEGASSESS_QGIS340=skip)"; else \
	  bash scripts/qgis340.sh setup && \
	  bash scripts/qgis340.sh run env QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q tests; fi

bench: setup
	.venv/bin/python bench/pipeline.py

plugin: setup
	.venv/bin/python build_plugin.py
