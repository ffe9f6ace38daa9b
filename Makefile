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

# Services stop even when a step fails; the exit code is the first failure's. The storage and file-server upload
# tests stream hundreds of megabytes through SeaweedFS and keep both cores busy, so they run after the
# timing-sensitive queue tests rather than beside them.
# Each test phase normally takes under a minute; a phase still running after 15 minutes is hung. It then fails
# with the test process's thread backtraces (Deploy/deadline.sh) instead of holding CI until its own limit.
DEADLINE = bash Deploy/deadline.sh 900
HEAVY_TESTS = StorageTests|UploadRouteTests|DownloadRouteTests|UploadLiveTests|MediaProcessTests|MediaOutputTests|MediaBadInputTests|DecodeBudgetTests
# The GIF route tests each run whole applications (front ends, workers) against a provider with injected latency;
# beside the queue tests they overload two cores, so they get a phase of their own.
GIF_TESTS = GifRouteTests|GifRoleTests
test: setup
	@bash Deploy/services.sh start
	@set -a; . ./.services/env; set +a; \
	status=0; \
	$(SWIFT) build --build-tests || status=$$?; \
	if [ $$status -eq 0 ]; then $(DEADLINE) $(SWIFT) test --skip-build --skip '$(HEAVY_TESTS)|$(GIF_TESTS)' || status=$$?; fi; \
	if [ $$status -eq 0 ]; then $(DEADLINE) $(SWIFT) test --skip-build --filter '$(GIF_TESTS)' || status=$$?; fi; \
	if [ $$status -eq 0 ]; then $(DEADLINE) $(SWIFT) test --skip-build --filter '$(HEAVY_TESTS)' || status=$$?; fi; \
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
