# Zeren: `make run` (set up everything, demo data, serve) and `make test` (the whole suite).
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1

.PHONY: run test install assets lint migrate demo clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/.installed

zeren/static/vendor/.built: package.json package-lock.json scripts/vendor-assets.sh
	npm ci --no-audit --no-fund --loglevel=error
	sh scripts/vendor-assets.sh
	touch $@

assets: zeren/static/vendor/.built

migrate: install
	$(BIN)/zeren migrate --noinput

demo: migrate
	$(BIN)/zeren demo --if-empty

run: install assets migrate demo
	$(BIN)/zeren collectstatic --noinput -v0
	@echo "Zeren: http://$(HOST):$(PORT)/"
	$(BIN)/zeren runserver $(HOST):$(PORT)

test: install assets
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check . || true

clean:
	rm -rf $(VENV) node_modules zeren/static/vendor var/static
