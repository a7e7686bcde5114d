#!/usr/bin/env bash
# npm start: install when needed, build, and serve the built app on 127.0.0.1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PORT="${PORT:-4173}"

if [ ! -d node_modules ]; then
  echo "==> Installing dependencies"
  if [ -f package-lock.json ]; then npm ci; else npm install; fi
fi

echo "==> Building the app (vite build)"
npx vite build

echo
echo "==> Oído is served at  http://127.0.0.1:${PORT}/"
echo "    (everything runs in your browser; press Ctrl+C to stop)"
echo
exec npx vite preview --host 127.0.0.1 --port "${PORT}" --strictPort
