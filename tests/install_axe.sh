#!/usr/bin/env bash
# Fetch axe-core (the accessibility checker the browser tests run in the page) from the npm
# registry with npm's own client, once, into .venv/axe-core/axe.min.js. The tests load that file
# into the page (Playwright's add_script_tag); nothing is ever loaded from a CDN.
# KITH_AXE=/path/to/axe.min.js uses another copy. Where npm is missing, says so loudly; the
# accessibility tests then fail unless KITH_SKIP_BROWSER=1.
set -u
version="${KITH_AXE_VERSION:-4.14.1}"
target=".venv/axe-core/axe.min.js"
if [ -n "${KITH_AXE:-}" ]; then
  echo "axe-core: $KITH_AXE (KITH_AXE)"
  exit 0
fi
if [ -s "$target" ]; then
  echo "axe-core: $target"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "!!! axe-core: npm not found; install Node.js, or set KITH_AXE=/path/to/axe.min.js." >&2
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if (cd "$work" && npm pack --silent "axe-core@$version" >/dev/null 2>"$work/npm.log") \
   && tar -xzf "$work/axe-core-$version.tgz" -C "$work" package/axe.min.js; then
  mkdir -p "$(dirname "$target")"
  cp "$work/package/axe.min.js" "$target"
  echo "axe-core: $version installed at $target"
else
  echo "!!! axe-core: npm pack axe-core@$version failed:" >&2
  cat "$work/npm.log" >&2
fi
