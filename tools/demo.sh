#!/usr/bin/env bash
# make demo: fake-ollama on a free loopback port, and the arena against it on :7860.
# Ctrl-C stops both.
set -euo pipefail
build_dir=${1:-build/release}
fake="$build_dir/tools/fake_ollama/fake-ollama"
arena="$build_dir/src/app/ollama-arena"

out=$(mktemp)
"$fake" --port 0 --ttft-ms 150 --tokens-per-sec 40 >"$out" 2>&1 &
fake_pid=$!
trap 'kill "$fake_pid" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 100); do
  port=$(grep -oE 'listening on http://[^ ]*:[0-9]+' "$out" | grep -oE '[0-9]+$' || true)
  [ -n "$port" ] && break
  sleep 0.05
done
if [ -z "${port:-}" ]; then
  echo "demo: fake-ollama did not start:"; cat "$out"; exit 1
fi
echo "demo: fake-ollama on 127.0.0.1:$port; open http://127.0.0.1:${WEB_PORT:-7860}"
OLLAMA_HOST="127.0.0.1:$port" "$arena" serve
