# The project's interface: make deps | build | run | demo | test | bench | format.
# Everything a fresh Debian 12 machine needs is installed by `make deps` (called by the rest).
SHELL := /bin/bash
.DEFAULT_GOAL := help

# ccache across checkouts: CI builds in another folder right after a session; rewrite
# absolute paths so the cache warmed by the session is reused.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

RELEASE_DIR := build/release
TEST_DIR := build/asan-ubsan

.PHONY: help deps build run demo test bench format clean

help:
	@echo "make run    - install deps, build, serve on http://127.0.0.1:7860 (Ollama at OLLAMA_HOST)"
	@echo "make demo   - the same against fake-ollama (no GPU needed)"
	@echo "make test   - install deps, build with ASan+UBSan, run every test tier (unit, integration, fidelity, e2e)"
	@echo "make build  - release build: $(RELEASE_DIR)/src/app/ollama-arena, .../fake-ollama"
	@echo "make bench  - benchmarks (results: docs/PERFORMANCE.md)"
	@echo "make deps   - install the Debian and npm packages the project needs"

deps:
	@tools/deps.sh

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release

run: build
	$(RELEASE_DIR)/src/app/ollama-arena serve

demo: build
	@tools/demo.sh $(RELEASE_DIR)

test: deps
	@cmake --preset asan-ubsan >/dev/null
	@cmake --build --preset asan-ubsan
	@tools/run_tests.sh $(TEST_DIR)

bench: build
	@tools/bench.sh $(RELEASE_DIR)

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format-19 -i

clean:
	rm -rf build
