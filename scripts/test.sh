#!/usr/bin/env bash
# npm test: every check, in order, stopping at the first failure.
#   types → lint → format → unit tests → build → end-to-end (Playwright on Debian's Chromium)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CHROMIUM=/usr/bin/chromium
# Playwright drives the system Chromium; never fetch its own browsers (CI machines may be offline).
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
started=$SECONDS

section() {
  printf '\n\033[1m==> %s\033[0m  (%ds elapsed)\n' "$1" "$((SECONDS - started))"
}

failed() {
  printf '\n\033[1;31mFAILED: %s\033[0m\n' "$1" >&2
  exit 1
}

if [ ! -d node_modules ]; then
  section "Installing dependencies"
  if [ -f package-lock.json ]; then npm ci; else npm install; fi
fi

# The end-to-end tests use the system Chromium; Playwright's own browser download is never used.
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    section "Installing Chromium (apt-get)"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  else
    echo "Chromium is missing at $CHROMIUM: run  sudo apt-get install -y chromium  and try again." >&2
    exit 1
  fi
fi

section "Typecheck (tsc)"
npx tsc --noEmit -p tsconfig.json || failed "typecheck"

section "Lint (eslint, no warnings allowed)"
npx eslint --max-warnings 0 . || failed "lint"

section "Format check (prettier)"
npx prettier --check . || failed "format check: run  npx prettier --write .  to fix"

section "Unit tests (vitest)"
npx vitest run || failed "unit tests"

section "Build (vite)"
npx vite build || failed "build"

section "End-to-end tests (playwright, $CHROMIUM)"
npx playwright test || failed "end-to-end tests"

printf '\n\033[1;32mAll checks passed\033[0m in %ds.\n' "$((SECONDS - started))"
