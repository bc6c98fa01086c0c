# Makefile: build, test, benchmark and install frontdesk (GNU Make + pkg-config).

PREFIX     ?= /usr/local
DESTDIR    ?=
SYSCONFDIR ?= /etc
STATEDIR   ?= /var/lib/frontdesk
DATADIR    ?= $(PREFIX)/share/frontdesk
BUILD      ?= build
# The QL raster filter (scripts/rastertoptch-filter) goes where cupsd looks for filters.
CUPS_FILTERDIR ?= $(shell cups-config --serverbin 2>/dev/null || echo /usr/lib/cups)/filter
CC         ?= cc
PKG_CONFIG ?= pkg-config
V          ?= 0
Q          := $(if $(filter 1,$(V)),,@)

PKGS := glib-2.0 gio-2.0 gio-unix-2.0 libsoup-3.0 json-glib-1.0 sqlite3 cairo cairo-pdf \
        cairo-png pangocairo pangoft2 fontconfig harfbuzz librsvg-2.0 libqrencode libsystemd \
        libsodium icu-uc icu-i18n

# MeCab has no .pc file; mecab-config --libs says this (minus the default -L).
MECAB_LIBS ?= -lmecab -lstdc++
CFLAGS   ?= -O2 -g
WARNINGS := -Wall -Wextra -Wundef -Werror
DESK_CPPFLAGS := -std=c17 -D_POSIX_C_SOURCE=200809L -Iinclude -I$(BUILD) \
        -DDESK_DATADIR='"$(DATADIR)"' -DDESK_STATEDIR='"$(STATEDIR)"' \
        -DDESK_SYSCONFDIR='"$(SYSCONFDIR)"'
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# librsvg is not linked: render-image.c loads it with the first SVG (start-up).
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(filter-out librsvg-2.0,$(PKGS)) 2>/dev/null) \
              $(shell cups-config --libs 2>/dev/null) \
              $(MECAB_LIBS) -lcrypt -lm -lpthread
ALL_CFLAGS  = $(DESK_CPPFLAGS) $(WARNINGS) $(PKG_CFLAGS) $(CFLAGS)

LIB_SRC   := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ   := $(LIB_SRC:src/%.c=$(BUILD)/%.o) $(BUILD)/resources.o
TEST_SRC  := $(wildcard tests/test-*.c)
TEST_BIN  := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCH_SRC := $(wildcard tests/bench-*.c)
BENCH_BIN := $(BENCH_SRC:tests/%.c=$(BUILD)/tests/%)
FUZZ_SRC  := $(wildcard tests/fuzz/fuzz-*.c)
# Each harness twice: a GTest replay of its seeds and regressions (every build) and a
# libFuzzer binary (make fuzz, clang).
REPLAY_BIN := $(FUZZ_SRC:tests/fuzz/fuzz-%.c=$(BUILD)/tests/test-fuzz-%)
FUZZ_BIN  := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
HELPER_SRC := $(wildcard tests/helper-*.c)
HELPER_BIN := $(HELPER_SRC:tests/%.c=$(BUILD)/tests/%)
WEB_FILES := $(shell find web -type f ! -name '*~' 2>/dev/null | sort)

.PHONY: format-check all run check check-c check-asan check-arm64 bench install uninstall format asan deps clean tests \
        fuzz fuzz-binaries

all: $(BUILD)/frontdesk

deps:
	@sh scripts/deps.sh check

# ---- the binary ------------------------------------------------------------
$(BUILD)/frontdesk: $(BUILD)/main.o $(LIB_OBJ)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/libdesk.a: $(LIB_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: src/%.c $(wildcard include/*.h) | $(BUILD)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -c -o $@ $<

# Web assets are embedded with GResource; the manifest is generated from web/.
$(BUILD)/frontdesk.gresource.xml: $(WEB_FILES) scripts/gresource-xml.sh | $(BUILD)
	sh scripts/gresource-xml.sh web > $@

$(BUILD)/resources.c: $(BUILD)/frontdesk.gresource.xml $(WEB_FILES)
	$(Q)glib-compile-resources --sourcedir=web --target=$@ --generate-source \
		--c-name desk_web $(BUILD)/frontdesk.gresource.xml

$(BUILD)/resources.o: $(BUILD)/resources.c
	$(Q)$(CC) $(DESK_CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD):
	mkdir -p $(BUILD)/tests

# ---- tests -----------------------------------------------------------------
$(BUILD)/tests/%: tests/%.c $(BUILD)/libdesk.a $(wildcard tests/*.h) | $(BUILD)
	$(Q)$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(BUILD)/libdesk.a $(PKG_LIBS)

$(BUILD)/tests/test-fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/replay.c tests/fuzz/fuzz.h \
		$(BUILD)/libdesk.a | $(BUILD)
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/fuzz -o $@ $< tests/fuzz/replay.c $(BUILD)/libdesk.a $(PKG_LIBS)

tests: $(BUILD)/frontdesk $(TEST_BIN) $(HELPER_BIN) $(BENCH_BIN) $(REPLAY_BIN)

# ---- fuzzing ---------------------------------------------------------------
# make fuzz: libFuzzer harnesses in build-fuzz/fuzz/ (clang, ASan + UBSan, the library
# instrumented for coverage). tests/fuzz.test.sh runs each for a few seconds; by hand:
#   build-fuzz/fuzz/fuzz-roster -max_total_time=600 CORPUS_DIR tests/data/rosters
FUZZ_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS='$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link' \
		LDFLAGS='-fsanitize=address,undefined' fuzz-binaries

fuzz-binaries: $(FUZZ_BIN)

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(BUILD)/libdesk.a | $(BUILD)
	@mkdir -p $(BUILD)/fuzz
	$(Q)$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Itests/fuzz -o $@ $< $(BUILD)/libdesk.a \
		$(PKG_LIBS)

# make check: install what is missing, build, run every suite, then the C
# suites again under ASan/UBSan. tests/run.sh prints "N passed, N failed".
check: deps
	$(MAKE) format-check
	$(MAKE) tests
	$(MAKE) BUILD=build-asan CC=clang \
		CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
		LDFLAGS='-fsanitize=address,undefined' tests
	$(MAKE) fuzz
	BUILD=$(BUILD) ASAN_BUILD=build-asan FUZZ_BUILD=build-fuzz sh tests/run.sh

# Only the C unit tests, under ASan/UBSan.
asan:
	$(MAKE) BUILD=build-asan CC=clang \
		CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
		LDFLAGS='-fsanitize=address,undefined' tests
	ASAN_BUILD=build-asan SUITES=asan sh tests/run.sh

bench: deps
	$(MAKE) tests
	BUILD=$(BUILD) sh tests/bench.sh

# ---- running ---------------------------------------------------------------
run:
	@sh scripts/deps.sh run
	$(MAKE) all
	sh scripts/run-demo.sh $(BUILD)/frontdesk

# ---- install ----------------------------------------------------------------
# Units go to /lib/systemd/system for PREFIX=/usr (Debian's place), else under
# PREFIX (systemd also reads /usr/local/lib/systemd/system). An existing config
# in /etc is never overwritten; uninstall leaves /etc and the state directory.
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
UNITDIR     ?= $(if $(filter /usr,$(PREFIX)),/lib/systemd/system,$(PREFIX)/lib/systemd/system)
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
UNITS       := frontdesk.service frontdesk-kiosk.service
MANPAGES    := $(wildcard docs/frontdesk.1 docs/frontdesk.conf.5)

# The paths are compiled in (src/cli.c): rebuild when PREFIX and friends change,
# so "make install PREFIX=/usr" never installs a binary built for /usr/local.
DESK_PATHS := $(DATADIR):$(STATEDIR):$(SYSCONFDIR)
$(BUILD)/paths.stamp: FORCE | $(BUILD)
	@[ "$$(cat $@ 2>/dev/null)" = "$(DESK_PATHS)" ] || echo "$(DESK_PATHS)" > $@
$(BUILD)/main.o $(LIB_OBJ): $(BUILD)/paths.stamp
FORCE:

install: all
	install -D -m 0755 $(BUILD)/frontdesk $(DESTDIR)$(BINDIR)/frontdesk
	mkdir -p $(DESTDIR)$(DATADIR)
	for d in layouts fonts; do [ ! -d $$d ] || { rm -rf $(DESTDIR)$(DATADIR)/$$d && \
		cp -R $$d $(DESTDIR)$(DATADIR)/ && chmod -R u=rwX,go=rX $(DESTDIR)$(DATADIR)/$$d; }; done
	for m in $(MANPAGES); do install -D -m 0644 $$m \
		$(DESTDIR)$(MANDIR)/man$${m##*.}/$${m##*/}; done
	for u in $(UNITS); do mkdir -p $(DESTDIR)$(UNITDIR) && \
		sed 's|/usr/local/bin/frontdesk|$(BINDIR)/frontdesk|g' systemd/$$u \
		> $(DESTDIR)$(UNITDIR)/$$u && chmod 0644 $(DESTDIR)$(UNITDIR)/$$u; done
	install -D -m 0644 systemd/frontdesk.sysusers $(DESTDIR)$(SYSUSERSDIR)/frontdesk.conf
	install -D -m 0755 scripts/rastertoptch-filter $(DESTDIR)$(CUPS_FILTERDIR)/frontdesk-rastertoptch
	install -D -m 0755 scripts/ql-ppd.sh $(DESTDIR)$(DATADIR)/ql-ppd.sh
	if [ -f frontdesk.conf ] && [ ! -e $(DESTDIR)$(SYSCONFDIR)/frontdesk/frontdesk.conf ]; then \
		install -D -m 0644 frontdesk.conf $(DESTDIR)$(SYSCONFDIR)/frontdesk/frontdesk.conf; fi
	if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then \
		systemd-sysusers $(SYSUSERSDIR)/frontdesk.conf && systemctl daemon-reload; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/frontdesk
	case "$(DATADIR)" in */frontdesk) rm -rf $(DESTDIR)$(DATADIR) ;; \
		*) echo "uninstall: not removing DATADIR=$(DATADIR) (not .../frontdesk)" >&2 ;; esac
	rm -f $(DESTDIR)$(MANDIR)/man1/frontdesk.1 $(DESTDIR)$(MANDIR)/man5/frontdesk.conf.5
	for u in $(UNITS); do rm -f $(DESTDIR)$(UNITDIR)/$$u; done
	rm -f $(DESTDIR)$(SYSUSERSDIR)/frontdesk.conf
	rm -f $(DESTDIR)$(CUPS_FILTERDIR)/frontdesk-rastertoptch

# The C unit tests cross-built for arm64 (the Pi) and run under qemu-user.
check-arm64:
	sh scripts/check-arm64.sh

FORMAT_FILES = src/*.c include/*.h $(wildcard tests/*.c tests/*.h tests/fuzz/*.c tests/fuzz/*.h)
format:
	clang-format -i $(FORMAT_FILES)

# make check fails when a C file is not as `make format` leaves it.
format-check:
	@clang-format --dry-run -Werror $(FORMAT_FILES)

clean:
	rm -rf build build-asan build-arm64 build-fuzz

-include $(wildcard $(BUILD)/*.d)
