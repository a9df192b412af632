#!/bin/sh
# Install Debian's chromium for the browser tests (idempotent). Run as root: scripts/install-chromium.sh
set -eu

if [ -x /usr/bin/chromium ]; then
    echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium); nothing to do"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "chromium is missing and installing it needs root: run 'sudo $0'" >&2
    exit 1
fi
echo "chromium missing: running apt-get update"
apt-get update
echo "installing chromium with apt-get"
DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
echo "installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
