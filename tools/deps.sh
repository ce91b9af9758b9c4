#!/usr/bin/env bash
# Installs what building, running and testing need: Debian packages (apt-get, only the
# missing ones) and the npm packages of the test and UI folders (from their lock files).
# Idempotent; works as root or through sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  clang-19 clang-format-19 cmake ninja-build ccache pkg-config make
  libboost1.81-dev libboost-json1.81-dev libsqlite3-dev libspdlog-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# Node.js with npm (one already on the machine is used; the UI build needs >= 20.19, and
# CMake falls back to a placeholder page with a warning when it is older).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm folders: install from the lock file when it changed since the last install.
for dir in web tests/fidelity tests/e2e; do
  [ -f "$dir/package-lock.json" ] || continue
  stamp="$dir/node_modules/.lock-stamp"
  sum=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    echo "deps: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$sum" > "$stamp"
  fi
done
