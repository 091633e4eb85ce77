# papyr: a terminal paper explorer.
#   make          build ./papyr
#   make run      install what is missing, build, open papyr
#   make test     unit tests (cmocka) and end-to-end tests
#   make asan     the tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   make tsan     the tests that start threads, under ThreadSanitizer
#   make fuzz     the libFuzzer targets, FUZZ_SECONDS each (tests/fuzz/)
#   make bench    the benchmark (ratios against a baseline in the same run)
#   make bench-oai  its arXiv part alone: a 1M-record OAI-PMH ingest
#   make bench-search  search at a million papers: finding figures, first-page times
#   make install  PREFIX=/usr/local DESTDIR=

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BUILD ?= build

PKGS := ncursesw sqlite3 libcurl libcjson expat
CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wvla
ifneq ($(CI),)
WARNINGS += -Werror
endif
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libcurl's headers only: src/fetch.c loads the library when a transfer starts.
PKG_LIBS = $(shell pkg-config --libs $(filter-out libcurl,$(PKGS)) 2>/dev/null)
CPPFLAGS += -D_DEFAULT_SOURCE -MMD -MP
ALL_CFLAGS = $(WARNINGS) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS)
LDLIBS += $(PKG_LIBS) -lpthread -lm

SRC := $(wildcard src/base/*.c db/*.c src/*.c src/cmd/*.c ui/*.c)
OBJ := $(SRC:%.c=$(BUILD)/%.o)
LIB_OBJ := $(filter-out $(BUILD)/src/cmd/main.o,$(OBJ))
# The bundled sample: real API responses, for a first look without a network.
SAMPLE := $(wildcard tests/fixtures/hf/*.json)
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

# Debian packages: to build and run, and to run the tests.
DEB_BUILD := libncurses-dev libsqlite3-dev libcurl4-openssl-dev libcjson-dev libexpat1-dev \
	pkg-config
DEB_TEST := libcmocka-dev python3 tmux sqlite3 python3-bibtexparser python3-pybtex \
	python3-jsonschema openssl

.PHONY: all run test check unit e2e deps deps-test deps-bench deps-fuzz asan tsan fuzz \
	fuzz-build bench bench-oai bench-search install uninstall clean

all: papyr

papyr: $(OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags cmocka 2>/dev/null) -o $@ $< \
		$(LIB_OBJ) $(LDLIBS) $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

run: deps papyr
	./papyr

test: deps-test
	$(MAKE) check unit e2e

# The layers look down only (docs/ARCHITECTURE.md); the tree cites only
# files it contains.
check:
	@bash tests/check/layers.sh
	@bash tests/check/cites.sh

unit: $(TEST_BIN)
	@failed=0; for t in $(TEST_BIN); do \
		(cd tests && ../$$t) || failed=1; \
	done; exit $$failed

e2e: papyr
	@bash tests/e2e/run.sh ./papyr

deps:
	@DEB="$(DEB_BUILD)" PKGS="$(PKGS)" sh tests/deps.sh

deps-test:
	@DEB="$(DEB_BUILD) $(DEB_TEST)" PKGS="$(PKGS) cmocka" sh tests/deps.sh

ASAN_FLAGS := CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined" LDFLAGS="-fsanitize=address,undefined"

# The sanitized binary lives in build-asan/, so it never stands in for ./papyr.
asan:
	$(MAKE) BUILD=build-asan $(ASAN_FLAGS) unit build-asan/papyr
	bash tests/e2e/run.sh build-asan/papyr

build-asan/papyr: $(OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(LDLIBS)

# The threads under ThreadSanitizer (libtsan comes with gcc): every unit
# suite (a few seconds; the fetcher's run real transfers) and the end-to-end
# tests of the interface, whose background jobs (sync, search, export,
# download) run on threads; about a minute in all. Reports go to
# build-tsan/tsan.PID, since the interface's stderr is a tmux pane; the first
# race stops the program (halt_on_error), and any report fails the target.
TSAN_FLAGS := CFLAGS="-O1 -g -fsanitize=thread -fno-omit-frame-pointer" \
	LDFLAGS="-fsanitize=thread"
TSAN_LOG = $(CURDIR)/build-tsan/tsan
TSAN_RUN_OPTIONS = halt_on_error=1 exitcode=66 log_path=$(TSAN_LOG)

tsan:
	@mkdir -p build-tsan && rm -f $(TSAN_LOG).*
	$(MAKE) BUILD=build-tsan $(TSAN_FLAGS) $(TEST_BIN:$(BUILD)/%=build-tsan/%) \
		build-tsan/papyr
	@export TSAN_OPTIONS="$(TSAN_RUN_OPTIONS)"; failed=0; \
	for t in $(TEST_BIN:$(BUILD)/%=build-tsan/%); do \
		(cd tests && ../$$t) || failed=1; \
	done; \
	E2E_ONLY=tui bash tests/e2e/run.sh build-tsan/papyr || failed=1; \
	if ls $(TSAN_LOG).* >/dev/null 2>&1; then \
		cat $(TSAN_LOG).*; echo "tsan: data races reported (above)"; failed=1; \
	fi; exit $$failed

build-tsan/papyr: $(OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(LDLIBS)

# The fuzz targets, built with clang into build-fuzz/ (never ./papyr or
# build/): papyr's objects instrumented for libFuzzer, ASan and UBSan, each
# harness linked with libFuzzer's main. tests/fuzz/run.sh runs each over its
# regress inputs, then seeds it from the fixtures and fuzzes it for
# FUZZ_SECONDS; any crash, leak, sanitizer report or broken property fails.
FUZZ_TARGETS := query parse_hf json_stream parse_papyr export parse_arxiv
FUZZ_SECONDS ?= 30
FUZZ_CC ?= clang
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_FLAGS := CC=$(FUZZ_CC) LDFLAGS="$(FUZZ_SAN)" \
	CFLAGS="-O1 -g -fno-omit-frame-pointer $(FUZZ_SAN) -fsanitize=fuzzer-no-link"

fuzz: deps-fuzz
	$(MAKE) BUILD=build-fuzz $(FUZZ_FLAGS) fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh build-fuzz $(FUZZ_TARGETS)

fuzz-build: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%) $(BUILD)/fuzz/papyr

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(LIB_OBJ) $(LDLIBS)

# papyr itself, sanitized, makes the seeds of papyr's own JSON.
$(BUILD)/fuzz/papyr: $(OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(LDLIBS)

deps-fuzz:
	@DEB="$(DEB_BUILD) clang libclang-rt-14-dev python3" PKGS="$(PKGS)" sh tests/deps.sh

# The benchmark's tools; BENCH_N=20000 make bench for a quick run.
BENCH_TOOLS := $(BUILD)/bench/gen $(BUILD)/bench/runx $(BUILD)/bench/ptyx \
	$(BUILD)/bench/qx $(BUILD)/bench/sqltrace.so $(BUILD)/bench/oaigen $(BUILD)/bench/learneval

bench: deps-bench papyr $(BENCH_TOOLS)
	@BENCH_DIR=$(CURDIR)/$(BUILD)/bench bash tests/bench/run.sh ./papyr
	@BENCH_DIR=$(CURDIR)/$(BUILD)/bench bash tests/bench/oai.sh ./papyr
	@BENCH_DIR=$(CURDIR)/$(BUILD)/bench bash tests/bench/learn.sh ./papyr

# arXiv's OAI-PMH ingest alone (part of bench).
bench-oai: deps-bench papyr $(BENCH_TOOLS)
	@BENCH_DIR=$(CURDIR)/$(BUILD)/bench bash tests/bench/oai.sh ./papyr

# Search at scale: the finding benchmark and the ranked first page on a
# cache of a million papers (tests/bench/README).
bench-search: deps-bench papyr $(BUILD)/bench/gen $(BUILD)/bench/runx $(BUILD)/bench/qx
	@BENCH_DIR=$(CURDIR)/$(BUILD)/bench bash tests/bench/search.sh ./papyr

deps-bench:
	@DEB="$(DEB_BUILD) sqlite3" PKGS="$(PKGS)" sh tests/deps.sh

$(BUILD)/bench/gen: tests/bench/gen.c
	@mkdir -p $(@D)
	$(CC) $(WARNINGS) -O2 -o $@ $< -lm

$(BUILD)/bench/oaigen: tests/bench/oaigen.c
	@mkdir -p $(@D)
	$(CC) $(WARNINGS) -O2 -o $@ $<

$(BUILD)/bench/runx: tests/bench/runx.c tests/bench/timing.h
	@mkdir -p $(@D)
	$(CC) $(WARNINGS) -O2 -o $@ $<

$(BUILD)/bench/ptyx: tests/bench/ptyx.c tests/bench/timing.h
	@mkdir -p $(@D)
	$(CC) $(WARNINGS) -O2 -o $@ $< -lutil

$(BUILD)/bench/qx: tests/bench/qx.c tests/bench/timing.h $(LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_OBJ) $(LDLIBS)

$(BUILD)/bench/learneval: tests/bench/learneval.c tests/learn_eval.h $(LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_OBJ) $(LDLIBS)

$(BUILD)/bench/sqltrace.so: tests/bench/sqltrace.c
	@mkdir -p $(@D)
	$(CC) $(WARNINGS) $(PKG_CFLAGS) -O2 -fPIC -shared -o $@ $< -ldl

install: papyr
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 papyr $(DESTDIR)$(BINDIR)/papyr
	install -m 644 papyr.1 $(DESTDIR)$(MANDIR)/man1/papyr.1
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 completion/papyr.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/papyr
	install -d $(DESTDIR)$(PREFIX)/share/papyr/sample
	install -m 644 $(SAMPLE) $(DESTDIR)$(PREFIX)/share/papyr/sample

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/papyr $(DESTDIR)$(MANDIR)/man1/papyr.1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/papyr
	rm -rf $(DESTDIR)$(PREFIX)/share/papyr

clean:
	rm -rf build build-asan build-tsan build-fuzz papyr

-include $(OBJ:.o=.d)
