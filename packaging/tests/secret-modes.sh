#!/bin/sh
# The secrets the package installs are root's alone. Usage: secret-modes.sh CMAKE BUILD_DIR POSTINST
#  1. /etc/default/paydeskd (tokens, database URL) is installed 0600.
#  2. postinst (configure) makes a world-readable copy an earlier package left 0600, and leaves a
#     stricter mode an admin chose as it is.
set -eu
cmake="$1"
build="$2"
postinst="$3"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
defaults="$root/etc/default/paydeskd"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
mode() { stat -c %a "$1"; }

DESTDIR="$root" "$cmake" --install "$build" --component paydeskd-config >/dev/null
[ -f "$defaults" ] || fail "the install did not write etc/default/paydeskd"
[ "$(mode "$defaults")" = 600 ] || fail "etc/default/paydeskd is installed $(mode "$defaults"), not 600"

# An upgrade over a copy an earlier package installed world-readable (dpkg keeps an edited conffile).
chmod 0644 "$defaults"
DPKG_ROOT="$root" sh "$postinst" configure 0.9.0
[ "$(mode "$defaults")" = 600 ] || fail "postinst left etc/default/paydeskd $(mode "$defaults") after an upgrade from 644"
chmod 0640 "$defaults"
DPKG_ROOT="$root" sh "$postinst" configure 0.9.0
[ "$(mode "$defaults")" = 640 ] || fail "postinst changed a mode (640) that is not world-readable"
chmod 0400 "$defaults"
DPKG_ROOT="$root" sh "$postinst" configure 0.9.0
[ "$(mode "$defaults")" = 400 ] || fail "postinst loosened an admin's 400"
# A fresh install (no file yet) is fine too.
rm "$defaults"
DPKG_ROOT="$root" sh "$postinst" configure
echo "secret modes: ok"
