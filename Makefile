# Two commands: `make run` (set up and serve the demo on 127.0.0.1:8000) and `make test` (set up and run the tests).
# Serve elsewhere with HOST and PORT: `PORT=8080 make run`, `HOST=0.0.0.0 PORT=8080 make run`.
PYTHON ?= python3.11
HOST ?= 127.0.0.1
PORT ?= 8000
# E-mail links and certificate QR codes point at the address the demo is served on, unless it is set explicitly.
export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := fonts-noto-cjk gettext chromium poppler-utils libharfbuzz-subset0

.PHONY: run test setup system-packages venv migrate demo lint clean

run: setup migrate demo
	@echo ""
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	$(BIN)/pytest -q

setup: system-packages venv

# As root on Debian the system packages are installed; elsewhere the command is printed.
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing system packages:$$missing"; \
		(apt-get install -y -q $$missing || (apt-get update -q && apt-get install -y -q $$missing)) >/dev/null; \
	else \
		echo "Please install the system packages:$$missing  (sudo apt-get install$$missing)"; \
	fi

venv: $(BIN)/.installed

$(BIN)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	touch $@

migrate:
	$(BIN)/python manage.py migrate --noinput

demo:
	$(BIN)/python manage.py load_demo_data

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm test-db.sqlite3 staticfiles
