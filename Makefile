# The two commands: `make run` starts the service on embedded defaults, `make test` runs every test against
# real Redis, PostgreSQL and SeaweedFS (S3) started on loopback. Both install what is missing first.
SWIFT ?= swift
FORMAT_PATHS = Package.swift Sources Tests Benchmarks

.PHONY: run test setup build services-start services-stop format format-check docs bench clean

setup:
	@bash Deploy/setup.sh

build: setup
	$(SWIFT) build

run: setup
	$(SWIFT) build -c release --product discordination
	$$($(SWIFT) build -c release --show-bin-path)/discordination serve

# Services stop even when a step fails; the exit code is the first failure's. The phases are chosen by test target,
# so a new suite runs in its target's phase without naming it here: the web client's modules under node first
# (seconds), then everything else (the timing-sensitive queue tests among them), then GifAppTests (whole applications
# against a slow fake provider), then ChatAppTests one test at a time (whole applications driven by Python clients:
# stoat-py, the integration clients, the schemathesis fuzzer and Selenium's Chromium each keep both cores busy; side by
# side they starved the gateway's timing tests and once hung the phase; about 5 minutes), then the targets that stream
# hundreds of megabytes through SeaweedFS and decode large pictures.
# Each test phase normally takes under five minutes; a phase still running after 15 minutes is hung. It then fails
# with the test process's thread backtraces (Deploy/deadline.sh) instead of holding CI until its own limit.
DEADLINE = bash Deploy/deadline.sh 900
HEAVY_TARGETS = StorageTests|FileServerAppTests
GIF_TARGETS = GifAppTests
CHAT_TARGETS = ChatAppTests
test: setup
	@bash Deploy/services.sh start
	@set -a; . ./.services/env; set +a; \
	status=0; \
	$(SWIFT) build --build-tests || status=$$?; \
	if [ $$status -eq 0 ]; then (cd Tests/WebClientJS && node --test) || status=$$?; fi; \
	if [ $$status -eq 0 ]; then $(DEADLINE) $(SWIFT) test --skip-build --skip '^($(HEAVY_TARGETS)|$(GIF_TARGETS)|$(CHAT_TARGETS))\.' || status=$$?; fi; \
	if [ $$status -eq 0 ]; then $(DEADLINE) $(SWIFT) test --skip-build --filter '^($(GIF_TARGETS))\.' || status=$$?; fi; \
	if [ $$status -eq 0 ]; then $(DEADLINE) $(SWIFT) test --skip-build --no-parallel --filter '^($(CHAT_TARGETS))\.' || status=$$?; fi; \
	if [ $$status -eq 0 ]; then $(DEADLINE) $(SWIFT) test --skip-build --filter '^($(HEAVY_TARGETS))\.' || status=$$?; fi; \
	if [ $$status -eq 0 ]; then $(MAKE) --no-print-directory format-check || status=$$?; fi; \
	bash Deploy/services.sh stop; \
	exit $$status

services-start: setup
	@bash Deploy/services.sh start

services-stop:
	@bash Deploy/services.sh stop

# docs/configuration.md is written from the key registry; a test fails when it is stale.
docs:
	$(SWIFT) build --product discordination
	$$($(SWIFT) build --show-bin-path)/discordination config docs > docs/configuration.md

format:
	$(SWIFT) format format --in-place --recursive --parallel $(FORMAT_PATHS)

format-check:
	$(SWIFT) format lint --strict --recursive --parallel $(FORMAT_PATHS)

bench: setup
	@bash Benchmarks/redis-client/run.sh
	@bash Benchmarks/jobqueue/run.sh
	@bash Benchmarks/storage/run.sh
	@bash Benchmarks/upload/run.sh
	@bash Benchmarks/thumbnails/run.sh
	@bash Benchmarks/linkproxy/run.sh
	@bash Benchmarks/gifproxy/run.sh
	@bash Benchmarks/cleanup/run.sh

clean:
	rm -rf .build .services data
