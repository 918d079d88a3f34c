#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (tests/browser/, tests/kith_browser.py) when it is
# missing and we can (root with apt), plus a colour emoji font so the pages' kind icons (☕ 📞 🤝)
# render in Chromium and its screenshots instead of as empty boxes.
# Never downloads a browser of its own. Where it cannot install, says so loudly; the browser tests
# then fail unless KITH_SKIP_BROWSER=1 says the machine has no browser on purpose.
# The tests look for the browser in the same places, in the same order.
set -u
can_apt() { [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; }
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    apt-get update -qq >>/tmp/kith-chromium-install.log 2>&1 && apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>/tmp/kith-chromium-install.log 2>&1
}

browser=""
for candidate in "${KITH_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    browser="$candidate"
    break
  fi
done

if [ -n "$browser" ]; then
  echo "chromium: $browser"
elif can_apt; then
  echo "chromium: not found; installing Debian's chromium with apt-get"
  if apt_install chromium; then
    echo "chromium: installed /usr/bin/chromium"
  else
    echo "!!! chromium: apt-get install failed; see /tmp/kith-chromium-install.log" >&2
  fi
else
  echo "!!! chromium: not found and cannot install it here (needs root and apt-get)." >&2
  echo "!!! Install Chromium, or set KITH_CHROMIUM=/path/to/chromium; browser tests will FAIL without it." >&2
fi

# Optional: without it the tests still pass, but icons show as boxes in the screenshots.
if command -v fc-list >/dev/null 2>&1 && ! fc-list | grep -qi "color emoji"; then
  if can_apt && apt_install fonts-noto-color-emoji; then
    echo "emoji font: installed fonts-noto-color-emoji"
  else
    echo "emoji font: none found; kind icons will show as boxes in screenshots (apt install fonts-noto-color-emoji)"
  fi
fi
exit 0
