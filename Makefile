# sibsim quick start:  make run   (set up, build, run the default scenario)
#                      make test  (set up, build, run every test)
# Everything else here is a convenience for developers.

PRESET    ?= release
BUILD_DIR := build/$(PRESET)
SCENARIO  ?= scenarios/wnd-2016-actual.yaml
OUT_DIR   ?= results
JOBS      ?= $(shell nproc)

.PHONY: all deps configure build run test format format-check asan clean

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@test -f $(BUILD_DIR)/build.ninja || cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@mkdir -p $(OUT_DIR)
	$(BUILD_DIR)/app/sibsim run $(SCENARIO) --reps 1000 --out $(OUT_DIR)/$(basename $(notdir $(SCENARIO))).h5

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure --no-tests=error -j $(JOBS)

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

format-check:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror

asan:
	$(MAKE) test PRESET=asan

# Rewrite the golden results (tests/golden/*.golden) with build/$(PRESET)'s sibsim: only when a
# change of results is intended, committed with a message that says why (tests/golden/README.md).
.PHONY: golden
golden: configure
	@cmake --build $(BUILD_DIR) --target golden_update

clean:
	rm -rf build
