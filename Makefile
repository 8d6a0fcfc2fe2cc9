# almanac: "On This Day" publisher. See README.md.
#
#   make            build ./almanac
#   make run        install missing packages, build, preview today's posts,
#                   publish the due ones and today's passed slots (--late;
#                   the shipped config: the Atom feed)
#   make check      install missing packages, build (plain and ASan+UBSan),
#                   run every test, the binary's again under valgrind;
#                   ends with "N passed, N failed"
#   make bench      build, then time one day, the whole year, publishing and
#                   lint on generated archives (bench/RESULTS.md)
#   make screenshots  build, then remake docs/images/ (docs/preview.md) in
#                   headless Chromium
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean

VERSION  = 0.1.0
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
SYSTEMDDIR ?= /lib/systemd/system
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
# Where the installed almanac.conf looks for posts (operators bring their
# own archive) and keeps its state (the service's StateDirectory=).
POSTSDIR ?= /srv/almanac/posts
STATEDIR ?= /var/lib/almanac

CC      ?= cc
PKGS     = libcurl libcjson libconfig libutf8proc sqlite3 libcrypto libxml-2.0 \
           pangocairo cairo fontconfig libjpeg libpng
WARN     = -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
           -Wmissing-declarations -Wshadow -Wpointer-arith -Wcast-qual \
           -Wsign-compare -Wformat=2 -Wvla -Wno-unused-parameter
CFLAGS  ?= -O2 -g
ALL_CPPFLAGS = -D_GNU_SOURCE -DALMANAC_VERSION='"$(VERSION)"' -Isrc \
           $(CPPFLAGS)
ALL_CFLAGS = -std=c17 $(WARN) $(CFLAGS) $(SANFLAGS) \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS_ALL = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
TEST_LIBS  = $(shell pkg-config --libs cmocka 2>/dev/null)

# BUILD is the object tree; "make SAN=1" builds under ASan+UBSan.
ifeq ($(SAN),1)
BUILD   ?= build/asan
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
           -fno-omit-frame-pointer
else
BUILD   ?= build/plain
endif

# The files of "almanac init" (and the built-in defaults), built into the
# program as a generated C file (scripts/embed.sh): NAME=MODE:FILE each.
# The config is the shipped one with the credentials file beside it and
# the system's time zone.
SITE_GEN = build/gen/site_files.c
SITE_CONF = build/gen/almanac.conf
SITE_FILES = config/almanac.conf=644:$(SITE_CONF) \
           config/credentials.conf=600:config/credentials.example \
           posts/README.md=644:posts/README.md \
           posts/11/11-12-trotsky-expelled.json=644:posts/11/11-12-trotsky-expelled.json \
           docs/post-format.md=644:docs/post-format.md
SITE_SED = -e 's|^credentials = "/etc/almanac/credentials.conf";|credentials = "credentials.conf";|' \
           -e 's|^timezone = |\# timezone = |'

SRCS     = $(sort $(wildcard src/*.c src/platforms/*.c)) $(SITE_GEN)
LIBSRCS  = $(filter-out src/main.c,$(SRCS))
OBJS     = $(SRCS:%.c=$(BUILD)/%.o)
LIBOBJS  = $(LIBSRCS:%.c=$(BUILD)/%.o)
TESTSRCS = $(sort $(wildcard tests/unit/test_*.c))
TESTS    = $(TESTSRCS:tests/unit/%.c=$(BUILD)/tests/%)
# What the unit tests share (tests/unit/fixture.h), linked into each.
TESTFIX  = $(BUILD)/tests/unit/fixture.o

.PHONY: all run check deps unit-tests clean install uninstall asan

all: almanac

almanac: $(BUILD)/almanac
	cp $(BUILD)/almanac $@

$(BUILD)/almanac: $(OBJS)
	@echo "  LD      $@"
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS_ALL)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(SITE_GEN): scripts/embed.sh Makefile config/almanac.conf $(filter-out \
    $(SITE_CONF),$(foreach f,$(SITE_FILES),$(lastword $(subst :, ,$(f)))))
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@sed $(SITE_SED) config/almanac.conf > $(SITE_CONF)
	@grep -q '^credentials = "credentials.conf";' $(SITE_CONF)
	@grep -q '^# timezone = ' $(SITE_CONF)
	@sh scripts/embed.sh $(SITE_FILES) > $@.tmp && mv -f $@.tmp $@

# The installed config's place is the default config (and its state_dir
# the default state folder of that file), built into config.o; the stamp
# remakes config.o when SYSCONFDIR or STATEDIR changes.
PATHS_STAMP = $(BUILD)/paths.stamp
$(PATHS_STAMP): FORCE
	@mkdir -p $(dir $@)
	@echo '$(SYSCONFDIR) $(STATEDIR)' | cmp -s - $@ 2>/dev/null || \
	    echo '$(SYSCONFDIR) $(STATEDIR)' > $@
$(BUILD)/src/config.o: $(PATHS_STAMP)
$(BUILD)/src/config.o: ALL_CPPFLAGS += \
    -DALMANAC_SYSCONFDIR='"$(SYSCONFDIR)"' -DALMANAC_STATEDIR='"$(STATEDIR)"'
.PHONY: FORCE
FORCE:

# (a target here, so that make keeps it: not an intermediate file)
$(TESTFIX): tests/unit/fixture.c

$(BUILD)/tests/%: tests/unit/%.c tests/unit/fixture.h $(TESTFIX) $(LIBOBJS)
	@mkdir -p $(dir $@)
	@echo "  TEST-LD $@"
	@$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(TESTFIX) $(LIBOBJS) \
	    $(LDLIBS_ALL) $(TEST_LIBS)

unit-tests: $(TESTS) $(BUILD)/almanac

deps:
	@sh scripts/deps.sh

asan:
	$(MAKE) SAN=1 unit-tests

run: deps
	@$(MAKE) --no-print-directory all
	./almanac -c config/almanac.conf preview
	./almanac -c config/almanac.conf publish --late
	./almanac -c config/almanac.conf status

check: deps
	@$(MAKE) --no-print-directory unit-tests
	@$(MAKE) --no-print-directory SAN=1 unit-tests
	sh tests/run.sh build/plain build/asan valgrind:build/plain

# bench: the benchmarks (bench/run, a few minutes): archives of 366, 5,000
# and 125,000 posts from bench/gen in a temporary folder, then one day, the
# whole year, the shipped year as an HTML site, publishing against the fake
# platforms and lint, as ratios.
.PHONY: bench
bench: deps
	@$(MAKE) --no-print-directory all
	@python3 bench/run

# screenshots: the pictures of docs/preview.md in docs/images/, remade from
# the built binary's HTML preview and site (tests/browser/screenshots.sh)
.PHONY: screenshots
screenshots:
	@sh scripts/deps.sh screenshots
	@$(MAKE) --no-print-directory all
	ALMANAC=$(CURDIR)/$(BUILD)/almanac sh tests/browser/screenshots.sh

# install: the program, the systemd units (paths substituted into
# systemd/almanac.service.in), the man pages, the bash completion, and in
# $(SYSCONFDIR)/almanac the config (its relative paths made the server's)
# and an empty credentials file (LoadCredential= needs one), each only when
# none is there: an operator's files are never overwritten.
ETCDIR   = $(DESTDIR)$(SYSCONFDIR)/almanac
# The program installed; tests install a built one without remaking it.
INSTALL_BIN = almanac
UNIT_SED = -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g'
CONF_SED = -e 's|"\.\./posts"|"$(POSTSDIR)"|' -e 's|"\.\./var"|"$(STATEDIR)"|' \
           -e 's|"\.\./var/|"$(STATEDIR)/|' -e 's|/etc/almanac/|$(SYSCONFDIR)/almanac/|g'

install: $(INSTALL_BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SYSTEMDDIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(BASHCOMPDIR) $(ETCDIR)
	install -m 755 $(INSTALL_BIN) $(DESTDIR)$(BINDIR)/almanac
	sed $(UNIT_SED) systemd/almanac.service.in > $(DESTDIR)$(SYSTEMDDIR)/almanac.service.tmp
	chmod 644 $(DESTDIR)$(SYSTEMDDIR)/almanac.service.tmp
	mv -f $(DESTDIR)$(SYSTEMDDIR)/almanac.service.tmp $(DESTDIR)$(SYSTEMDDIR)/almanac.service
	install -m 644 systemd/almanac.timer systemd/almanac-alert@.service $(DESTDIR)$(SYSTEMDDIR)
	install -m 644 man/almanac.1 $(DESTDIR)$(MANDIR)/man1
	install -m 644 man/almanac.conf.5 man/almanac-post.5 $(DESTDIR)$(MANDIR)/man5
	install -m 644 completion/almanac.bash $(DESTDIR)$(BASHCOMPDIR)/almanac
	install -m 644 config/credentials.example $(ETCDIR)/credentials.example
	@if [ -e $(ETCDIR)/almanac.conf ]; then \
	    echo "kept $(ETCDIR)/almanac.conf"; \
	else \
	    echo "sed ... config/almanac.conf > $(ETCDIR)/almanac.conf"; \
	    sed $(CONF_SED) config/almanac.conf > $(ETCDIR)/almanac.conf.tmp && \
	    chmod 644 $(ETCDIR)/almanac.conf.tmp && \
	    mv -f $(ETCDIR)/almanac.conf.tmp $(ETCDIR)/almanac.conf; \
	fi
	@if [ -e $(ETCDIR)/credentials.conf ]; then \
	    echo "kept $(ETCDIR)/credentials.conf"; \
	else \
	    echo "creating $(ETCDIR)/credentials.conf (empty, mode 600)"; \
	    (umask 077 && printf '%s\n' \
	    '# almanac credentials: the secrets of the enabled platforms.' \
	    '# Keys: credentials.example beside this file, almanac.conf(5).' \
	    '# Keep it mode 600; almanac refuses it otherwise.' \
	    > $(ETCDIR)/credentials.conf); \
	fi

# uninstall: what install put, except the config and the credentials.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/almanac
	rm -f $(DESTDIR)$(SYSTEMDDIR)/almanac.service \
	    $(DESTDIR)$(SYSTEMDDIR)/almanac.timer \
	    $(DESTDIR)$(SYSTEMDDIR)/almanac-alert@.service
	rm -f $(DESTDIR)$(MANDIR)/man1/almanac.1 \
	    $(DESTDIR)$(MANDIR)/man5/almanac.conf.5 \
	    $(DESTDIR)$(MANDIR)/man5/almanac-post.5
	rm -f $(DESTDIR)$(BASHCOMPDIR)/almanac
	rm -f $(ETCDIR)/credentials.example

clean:
	rm -rf build almanac

-include $(OBJS:.o=.d) $(TESTFIX:.o=.d)

# Fuzzing (not part of check; needs clang with libFuzzer). "make fuzz" builds
# each target tests/fuzz/fuzz_NAME.c as build/fuzz/fuzz_NAME and runs it for
# FUZZ_SECONDS on tests/fuzz/corpus/NAME (new inputs go to
# build/fuzz/corpus/NAME, crashers to tests/fuzz/crashers/NAME);
# "make fuzz-merge" folds the new inputs into a minimal tests/fuzz/corpus.
# "make check" replays the corpus and crashers with build/*/fuzz-replay-NAME.
FUZZ_NAMES   = post json config format count pe response
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_DIR      = build/fuzz
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer
FUZZ_CFLAGS   = -std=c17 $(WARN) -g -O1 $(FUZZ_SAN) \
                $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
FUZZ_OBJS     = $(LIBSRCS:%.c=$(FUZZ_DIR)/%.o)
FUZZ_BINS     = $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
REPLAYS       = $(FUZZ_NAMES:%=$(BUILD)/fuzz-replay-%)

.PHONY: fuzz fuzz-build fuzz-merge

$(FUZZ_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  FUZZ-CC $@"
	@$(FUZZ_CC) $(ALL_CPPFLAGS) $(FUZZ_CFLAGS) \
	    -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJS)
	@echo "  FUZZ-LD $@"
	@$(FUZZ_CC) $(ALL_CPPFLAGS) -Itests/fuzz $(FUZZ_CFLAGS) \
	    -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) $(LDLIBS_ALL)

fuzz-build: $(FUZZ_BINS)

fuzz:
	@sh scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory fuzz-build
	@sh tests/fuzz/fuzz.sh run $(FUZZ_SECONDS) $(FUZZ_NAMES)

fuzz-merge: fuzz-build
	@sh tests/fuzz/fuzz.sh merge 0 $(FUZZ_NAMES)

$(BUILD)/fuzz-replay-%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c \
    tests/fuzz/fuzz.h $(LIBOBJS)
	@echo "  REPLAY  $@"
	@$(CC) $(ALL_CPPFLAGS) -Itests/fuzz $(ALL_CFLAGS) -o $@ $< \
	    tests/fuzz/replay.c $(LIBOBJS) $(LDLIBS_ALL)

unit-tests: $(REPLAYS)

-include $(FUZZ_OBJS:.o=.d)
