#!/usr/bin/env bash
# Browser tests use Debian's Chromium (Playwright's own browser download is not available offline).
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing at $CHROMIUM: install Debian's 'chromium' package (sudo apt-get install -y chromium)" >&2
  exit 1
fi
echo "Installing Debian's chromium package..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
