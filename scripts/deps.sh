#!/bin/sh
# Installs the Debian packages almanac builds and tests with, when missing.
# As root it runs apt-get; otherwise it prints the command to run and fails.
set -u
PKGS="build-essential pkg-config libcurl4-openssl-dev libcjson-dev
libconfig-dev libutf8proc-dev libsqlite3-dev libxml2-dev libssl-dev
libcmocka-dev python3 openssl curl tzdata
systemd groff-base valgrind
chromium chromium-driver python3-selenium
libcairo2-dev libpango1.0-dev libjpeg62-turbo-dev libpng-dev
fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji fonts-dejavu-core
python3-pil"
# (cairo, pango, libjpeg-turbo and the fonts: the cards almanac draws;
# Debian's PIL: tests/cli/test_cards.sh measures them with /usr/bin/python3.)
# (Chromium and Debian's selenium: tests/cli/test_browser.sh opens the HTML
# preview in it, with /usr/bin/python3.)
# "deps.sh fuzz": also clang and libFuzzer, for "make fuzz" only.
[ "${1:-}" = fuzz ] && PKGS="$PKGS clang libclang-rt-14-dev"
# "deps.sh screenshots": also pngquant, for "make screenshots" only.
[ "${1:-}" = screenshots ] && PKGS="$PKGS pngquant"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
	    missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "almanac needs these Debian packages:$missing" >&2
	echo "install them with:  sudo apt-get install$missing" >&2
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || exit 1
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing || exit 1
