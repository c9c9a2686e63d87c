#!/usr/bin/env bash
# Headless Chromium from Debian for the board's browser tests (tests/board/browser.test.ts) and screenshots
# (scripts/board-screenshots.ts). playwright-core drives it; it never downloads a browser of its own, so the
# system one must be there: this script installs Debian's `chromium` package with apt (plus a font, so text in
# screenshots is legible).
# Idempotent: when a working chromium is already on the PATH it only prints its version (no network).
#
#   bash scripts/setup-browser.sh           # then: AHPO_REQUIRE_BROWSER=1 npx vitest run tests/board
#
# Another binary can be used instead by exporting AHPO_CHROMIUM=/path/to/chrome (the tests read it too).
set -euo pipefail

die() { echo "setup-browser: $*" >&2; exit 1; }

# The same lookup as tests/board/browser.ts: AHPO_CHROMIUM, else the Debian package's binary.
find_chromium() {
  if [[ -n "${AHPO_CHROMIUM:-}" ]]; then echo "$AHPO_CHROMIUM"; return; fi
  command -v chromium || command -v chromium-browser || true
}

BIN="$(find_chromium)"
if [[ -n "$BIN" ]] && VERSION="$("$BIN" --version 2>/dev/null)"; then
  echo "setup-browser: present ($VERSION at $BIN)"
  exit 0
fi
[[ -z "${AHPO_CHROMIUM:-}" ]] || die "AHPO_CHROMIUM=$AHPO_CHROMIUM does not run ('$AHPO_CHROMIUM --version' failed); unset it to install Debian's chromium"

command -v apt-get >/dev/null || die "needs apt-get (a Debian-based machine); or install Chromium yourself and export AHPO_CHROMIUM=/path/to/chromium"
if [[ "$(id -u)" == 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  die "installing chromium needs root (or password-less sudo): run 'apt-get install chromium' as root, then this script again"
fi

echo "setup-browser: installing Debian's chromium with apt"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq || die "apt-get update failed (network or mirror?)"
# --no-install-recommends keeps out the desktop extras; fonts-dejavu-core gives headless pages a real font.
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null ||
  die "apt-get install chromium failed; see the apt output above"

BIN="$(find_chromium)"
[[ -n "$BIN" ]] || die "apt installed chromium but no 'chromium' is on the PATH"
VERSION="$("$BIN" --version 2>/dev/null)" || die "$BIN --version failed after the install"
echo "setup-browser: done ($VERSION at $BIN)"
