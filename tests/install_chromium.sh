#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests when it is missing and we can (root with apt).
# Never downloads a browser of its own. Where it cannot install, says so loudly; the browser tests
# then fail unless KITH_SKIP_BROWSER=1 says the machine has no browser on purpose.
set -u
for candidate in "${KITH_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "chromium: $candidate"
    exit 0
  fi
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "chromium: not found; installing Debian's chromium with apt-get"
  if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/tmp/kith-chromium-install.log 2>&1; then
    echo "chromium: installed /usr/bin/chromium"
    exit 0
  fi
  echo "!!! chromium: apt-get install failed; see /tmp/kith-chromium-install.log" >&2
else
  echo "!!! chromium: not found and cannot install it here (needs root and apt-get)." >&2
  echo "!!! Install Chromium, or set KITH_CHROMIUM=/path/to/chromium; browser tests will FAIL without it." >&2
fi
exit 0
