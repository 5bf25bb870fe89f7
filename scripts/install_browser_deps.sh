#!/bin/sh
# Browser tests need Debian's Chromium (Playwright drives the system browser: downloading
# Playwright's own browsers does not work here) and axe-core for accessibility scans.
# Idempotent: does nothing when both are already present.
set -eu
cd "$(dirname "$0")/.."

AXE_VERSION="4.11.1"

if [ ! -x /usr/bin/chromium ]; then
    SUDO=""
    if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium chromium-driver
fi

if [ ! -f .browser-deps/node_modules/axe-core/axe.min.js ]; then
    npm install --silent --no-audit --no-fund --prefix .browser-deps "axe-core@${AXE_VERSION}"
fi
