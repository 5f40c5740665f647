# 年报通 — developer commands. `make run` and `make test` work on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv run test bench attack dist dist-test dist-windows dist-windows-test clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

run: venv
	$(BIN)/python -m gui resources/sample/董家镇-2020.txt

test: venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: venv
	$(BIN)/python scripts/bench.py

# Thousands of hostile inputs, a batch with hostile files mixed in, 100 MB of text (issue 12).
attack: venv
	$(BIN)/python scripts/attack.py

dist: venv
	bash packaging/build_linux.sh $(BIN)/pyinstaller

# The bundle carries everything it needs: run the built executable on real inputs.
dist-test: dist
	NIANBAO_DIST=dist/nianbao QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/test_dist.py tests/test_dist_ocr.py

# Windows bundle and installer, built on this Linux machine under Wine (packaging/BUILD-WINDOWS.md):
# installs Wine/Xvfb (Debian), a Windows CPython and wheels (PyPI), Inno Setup (npm); cached.
dist-windows: venv
	bash packaging/windows/wine/build.sh

# Run them under Wine: CLI on the corpus vs Linux, windows under Xvfb, install/uninstall.
dist-windows-test: dist-windows
	bash packaging/windows/wine/test.sh

clean:
	rm -rf build dist .pytest_cache
