#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (e2e/). `npx playwright install`
# cannot download browsers here, so playwright-core drives the distro build at
# /usr/bin/chromium instead. Idempotent: does nothing when Chromium is present.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-chromium: $CHROMIUM is missing and installing it needs root" >&2
  exit 1
fi

echo "ensure-chromium: installing Debian chromium (one-off)..."
export DEBIAN_FRONTEND=noninteractive
# apt is noisy even with -qq (debconf warnings on stderr); keep its output in a
# log and show it only when something fails.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { apt-get update -qq && apt-get install -y -qq chromium; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "ensure-chromium: apt-get failed" >&2
  exit 1
fi
echo "ensure-chromium: installed $("$CHROMIUM" --version 2>/dev/null)"
