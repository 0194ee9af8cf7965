#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium for the browser tests (tests/web/), as postgres.sh
# does PostgreSQL. Idempotent: a chromium already on the PATH is reused. The tests find it
# through TEAMGRAPH_CHROMIUM or the PATH and skip, saying why, only when none can be had.
set -euo pipefail

found() {
  command -v chromium || command -v chromium-browser || true
}

if [ -z "$(found)" ]; then
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
    echo "chromium: not installed and cannot install it here (needs root and apt-get); the browser tests will skip" >&2
    exit 0
  fi
  echo "chromium: installing the Debian package" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; }; then
    echo "chromium: apt-get could not install it; the browser tests will skip" >&2
    exit 0
  fi
fi
echo "chromium: $("$(found)" --version 2>/dev/null || echo "$(found)")" >&2
