#!/usr/bin/env bash
# Installs Debian's chromium for the browser test when it is missing (root and apt-get needed); where it cannot,
# says so and leaves the test to skip itself. Never fails the caller.
set -uo pipefail
if command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "==> Chromium is not installed and cannot be installed here (needs root and apt-get): the browser test will skip"
  exit 0
fi
echo "==> installing Chromium from Debian's packages (first use: about 80 s)"
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
  echo "==> apt-get could not install chromium: the browser test will skip"
fi
exit 0
