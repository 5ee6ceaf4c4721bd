# Parley — build, run and test.
#
#   make run     install what the server needs, build (release) and serve ./data
#                extra server flags: make run ARGS="--port 9000 --log-level debug"
#   make test    install test tools, build, then: swift test against a throwaway
#                PostgreSQL, API fuzzing (Schemathesis), browser tests (if any)
#   make build   release build of the `parley` binary
#   make deps    Debian packages `make run` needs (RUN_DEBS)
#   make test-deps  Debian packages and the Python venv `make test` needs
#
# Works unattended (CI=true, no stdin, fresh clone, as root or with sudo).

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DEFAULT_GOAL := build
MAKEFLAGS += --no-print-directory

# Debian packages `make run` needs beyond the Swift toolchain: flite (fallback TTS,
# linked) and espeak-ng (phonemes for the Piper voice in the speech worker).
RUN_DEBS ?= flite1-dev espeak-ng
# Debian packages `make test` needs.
TEST_DEBS ?= postgresql chromium chromium-driver python3-venv wrk sox espeak-ng flite flite1-dev pocketsphinx-testdata

# Python tools for the tests, pinned. (selenium 4.52.0 needs certifi>=2026.10.23,
# which the package index does not offer yet; 4.51.0 is the newest installable.)
VENV := .venv-test
PY_PINS := schemathesis==4.32.5 selenium==4.51.0 pytest==9.0.3
# The Debian interpreter: python3-venv provides `venv`/ensurepip for it.
PYTHON ?= /usr/bin/python3

ARGS ?=
DATA_DIR ?= ./data

SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

# $(call install_debs,pkg1 pkg2 ...): apt-get install only the missing ones.
define install_debs
missing=(); \
for p in $(1); do \
  dpkg -s "$$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$$p"); \
done; \
if (( $${#missing[@]} )); then \
  echo "Installing Debian packages: $${missing[*]}"; \
  $(SUDO) apt-get update -qq; \
  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$${missing[@]}" </dev/null >/dev/null; \
fi
endef

.PHONY: run build deps test test-deps venv build-tests swift-test speech-test api-fuzz e2e

deps:
	@$(call install_debs,$(RUN_DEBS))

build:
	swift build -c release --product parley

run: deps build speech
	exec .build/release/parley serve --data-dir $(DATA_DIR) $(ARGS)

test-deps:
	@$(call install_debs,$(TEST_DEBS))
	$(MAKE) venv

# (Re)create the venv when it is missing or the pins changed.
venv:
	@if [[ -x $(VENV)/bin/python && "$$(cat $(VENV)/.pins 2>/dev/null)" == "$(PY_PINS)" ]]; then exit 0; fi
	echo "Creating $(VENV) ($(PY_PINS))"
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check $(PY_PINS)
	echo "$(PY_PINS)" > $(VENV)/.pins

build-tests:
	swift build --build-tests

# Three processes, so that on 2 cores nothing starves a test that runs against the clock:
# 1. the CPU-bound DSP and engine suites;
# 2. the suites that pace audio in real time or race provider deadlines (speech worker, cloud
#    provider fakes, Twilio streams, process crash), one test at a time;
# 3. everything else (storage, API, security) in parallel, on SQLite and PostgreSQL.
CPU_SUITES = ParleyAudioTests|ParleyVoiceTests
REALTIME_SUITES = ParleyProvidersTests|TwilioMediaStream|TwilioWebhookTests|CrashRecoveryTests|BrowserMediaStreamTests|MediaBenchmarkTests
swift-test:
	scripts/with-postgres.sh bash -c 'swift test --skip-build --filter "$(CPU_SUITES)" \
	  && swift test --skip-build --no-parallel --filter "$(REALTIME_SUITES)" \
	  && swift test --skip-build --skip "$(CPU_SUITES)|$(REALTIME_SUITES)"'

# The speech worker's own protocol and model tests (pytest inside .speech).
speech-test:
	.speech/bin/python -m pytest -q speech/tests

api-fuzz:
	PARLEY_BIN=.build/debug/parley scripts/api-fuzz.sh

e2e:
	@if [[ -f tests/e2e/test_dashboard.py ]]; then
	  $(VENV)/bin/python -m pytest -q tests/e2e
	else
	  echo "e2e: tests/e2e/test_dashboard.py not present, skipped"
	fi

# Sequential on purpose (2 cores): each step must pass before the next.
test: test-deps
	$(MAKE) speech
	$(MAKE) speech-test
	$(MAKE) build-tests
	$(MAKE) swift-test
	$(MAKE) api-fuzz
	$(MAKE) e2e

# `make bench`: release build, then `parley bench api` (SQLite, PostgreSQL, bare route) with a
# throwaway PostgreSQL. Figures go to docs/performance.md by hand, with machine and date.
.PHONY: bench
bench: test-deps build
	scripts/with-postgres.sh .build/release/parley bench api

# `make speech`: the offline speech worker in .speech/ (venv, pinned packages, models).
# Whisper tiny.en by default; SPEECH_MODELS="tiny.en base" adds Whisper base.
.PHONY: speech
speech:
	SPEECH_MODELS="$(or $(SPEECH_MODELS),tiny.en)" scripts/speech/install.sh
