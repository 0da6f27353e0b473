#!/usr/bin/env bash
# Installs Debian's chromium for the web console's browser tests (test/serve/browser.test.ts).
# Idempotent: does nothing where /usr/bin/chromium already exists. Needs root or sudo, and apt.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
/usr/bin/chromium --version
