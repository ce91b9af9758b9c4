#!/usr/bin/env bash
# make bench: the arena against direct calls to the same fake-ollama, in one run.
# Usage: tools/bench.sh BUILD_DIR [--quick]
#   BUILD_DIR  a build with ollama-arena, fake-ollama and bench/arena_load (release for figures)
#   --quick    a small run that only proves the benchmark works (used by the test suite)
# Without --quick the measured block of docs/PERFORMANCE.md (between its bench markers) is
# rewritten; the analysis around it is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: bench.sh BUILD_DIR [--quick]}
quick=${2:-}
fake_bin="$build/tools/fake_ollama/fake-ollama"
arena_bin="$build/src/app/ollama-arena"
load_bin="$build/bench/arena_load"
rating_bin="$build/bench/arena_bench_rating"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# start NAME CMD...: runs CMD in the background, waits for its listening line, sets PORT.
start() {
  local name=$1; shift
  "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  LAST_PID=$!
  for _ in $(seq 400); do
    PORT=$(grep -oE 'listening on http://[^ ]*:[0-9]+' "$work/$name.log" | grep -oE '[0-9]+$' || true)
    [ -n "$PORT" ] && return 0
    sleep 0.025
  done
  echo "bench: $name did not start"; cat "$work/$name.log"; exit 1
}

# CPU seconds (user + system) a process has used so far.
cpu_s() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$1/stat"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
fds() { ls "/proc/$1/fd" | wc -l; }

# One thread per fake, like the default: a second fake thread competes with the arena for
# the same two cores and distorts the comparison more than it helps the direct side.
start fake "$fake_bin" --port 0; fake=$PORT
start paced "$fake_bin" --port 0 --tokens-per-sec 200; paced=$PORT; paced_pid=$LAST_PID
start fast "$fake_bin" --port 0 --tokens-per-sec 800; fast=$PORT; fast_pid=$LAST_PID
export WEB_CHAT_TOKEN= LOG_LEVEL=warn ARENA_DATA_DIR="$work/data"
OLLAMA_HOST="127.0.0.1:$fake" start arena "$arena_bin" serve --port 0; arena=$PORT
OLLAMA_HOST="127.0.0.1:$paced" start arena_paced "$arena_bin" serve --port 0; arena_paced=$PORT
arena_pid=$LAST_PID
sleep 0.2
idle_rss=$(rss_kb "$arena_pid"); idle_fds=$(fds "$arena_pid")

args=(--arena "$arena" --arena-paced "$arena_paced" --fake "$fake" --paced-fake "$paced" --fast-fake "$fast")
[ "$quick" = "--quick" ] && args+=(--quick)
table=$("$load_bin" "${args[@]}")
sleep 0.5 # let closed connections finish closing
load_rss=$(rss_kb "$arena_pid"); load_fds=$(fds "$arena_pid")
startup=$("$load_bin" startup "$arena_bin" "$fake")
# Upstream keep-alive connections the client pools (at most 8) are not leaks: count them apart.
pooled_upstream=$(awk -v port="$(printf '%04X' "$paced")" '$3 ~ ":"port"$" && $4 == "01"' /proc/net/tcp | wc -l)
# What the many-clients run costs each process: on 2 cores these three share the CPU.
cpu_row=$(printf '| CPU used in the run: fake (direct side) / fake + arena (arena side) | %s s | %s s + %s s | | |' \
  "$(cpu_s "$fast_pid")" "$(cpu_s "$paced_pid")" "$(cpu_s "$arena_pid")")
table=$(printf '%s\n%s' "$table" "$cpu_row")
# The same upstream traffic without the arena: what the fake and the generator alone need.
paced_before=$(cpu_s "$paced_pid")
shape_row=$("$load_bin" "${args[@]}" --only shape)
shape_cpu=$(awk -v a="$(cpu_s "$paced_pid")" -v b="$paced_before" 'BEGIN{printf "%.2f", a-b}')
table=$(printf '%s\n%s\n| CPU used by the fake for that traffic | %s s | | | |' "$table" "$shape_row" "$shape_cpu")
rows=$(printf '%s\n%s\n| Resident memory, idle | | %.1f MB | | <= 15 MB |\n| Resident memory after the load | | %.1f MB | | <= 100 MB |\n| Open descriptors idle / after the load (pooled upstream connections) | | %s / %s (%s) | | equal but the pool |\n' \
  "$table" "$startup" "$(awk "BEGIN{print $idle_rss/1024}")" "$(awk "BEGIN{print $load_rss/1024}")" "$idle_fds" "$load_fds" "$pooled_upstream")
echo "$rows"

rating=""
if [ -x "$rating_bin" ] && [ "$quick" != "--quick" ]; then
  rating=$("$rating_bin" --benchmark_format=console 2>/dev/null | grep -iE '^bm_' || true)
fi

if [ "$quick" != "--quick" ]; then
  # The measured block sits between two markers; the written analysis around it is kept.
  doc=docs/PERFORMANCE.md
  begin='<!-- bench:begin (written by tools/bench.sh) -->'
  end='<!-- bench:end -->'
  if ! grep -qF "$begin" "$doc" 2>/dev/null; then
    printf '# Performance\n\n%s\n%s\n' "$begin" "$end" > "$doc"
  fi
  {
    echo "$begin"
    echo "Measured by \`make bench\` (tools/bench.sh with bench/arena_load.cpp) on $(date -u +%Y-%m-%d),"
    echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)."
    echo "The arena and fake-ollama run on the same machine; every figure is taken in the same run as"
    echo "its direct counterpart (the same fake-ollama read without the arena)."
    echo
    echo "$rows"
    echo
    echo "## How to read it"
    echo
    echo "- **Fan-out**: one /api/stream_chat with 4 instances x 2000 tokens from a fake at full speed,"
    echo "  against the same 4 streams read directly and in parallel from the fake (median of 30)."
    echo "- **Time to first line**: 4 instances, fake paced at 5 ms per token; direct = the earliest"
    echo "  first line of 4 parallel direct streams. Added = arena minus direct, paired per trial (200)."
    echo "- **Many clients**: 1000 clients at once, each comparing 4 instances x 100 tokens at"
    echo "  200 tokens/s through the arena (ideal 0.5 s), beside 1000 clients each reading one"
    echo "  400-token stream directly at 800 tokens/s (the same lines and ideal time), so the load"
    echo "  generator's own cost is in both columns."
    echo "- **Upstream traffic read directly**: the 4000 streams the arena opens in the many-clients"
    echo "  run (4 per client, 100 tokens at 200 tokens/s, the same paced fake), read directly by the"
    echo "  same generator with no arena at all: what that traffic costs the fake and the generator"
    echo "  alone. The arena's own cost is what its run takes beyond this."
    echo "- **CPU used**: user + system seconds of each process over the whole run (the paced fake and"
    echo "  its arena also serve the small first-line run). The direct side needs one fake's CPU; the"
    echo "  arena side needs the fake's and the arena's from the same two cores, with the load"
    echo "  generator beside them: that is what bounds the many-clients ratio (see below)."
    echo "- **Memory / descriptors**: the arena process of the many-clients run, before and after."
    echo "- **Start-up**: fork of \`ollama-arena serve\` to the first 200 from /api/health."
    if [ -n "$rating" ]; then
      echo
      echo "## Rating refit (bench/rating_bench.cpp)"
      echo
      echo '```'
      echo "$rating"
      echo '```'
    fi
    echo
    echo "Command: \`make bench\` (= \`tools/bench.sh build/release\`)."
    echo "$end"
  } > "$work/block.md"
  awk -v begin="$begin" -v end="$end" -v block="$work/block.md" '
    $0 == begin { while ((getline line < block) > 0) print line; skip = 1; next }
    $0 == end { skip = 0; next }
    !skip { print }' "$doc" > "$work/doc.md"
  cp "$work/doc.md" "$doc"
  echo "bench: wrote the measured block of $doc"
fi
