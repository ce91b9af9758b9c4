#!/usr/bin/env bash
# Runs every test tier of one build directory (unit, integration, fidelity, e2e) with CTest and
# ends with one summary line: "N passed, M failed".
set -uo pipefail
build_dir=${1:?usage: run_tests.sh BUILD_DIR}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

passed=0
failed=0
status=0
for tier in unit integration fidelity e2e; do
  echo "=== $tier tests"
  log=$(mktemp)
  ctest --test-dir "$build_dir" -L "^${tier}\$" --output-on-failure --timeout 300 \
        -j 2 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  line=$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n1)
  if [[ $line =~ ([0-9]+)\ tests?\ failed\ out\ of\ ([0-9]+) ]]; then
    failed=$((failed + BASH_REMATCH[1]))
    passed=$((passed + BASH_REMATCH[2] - BASH_REMATCH[1]))
  elif ! grep -q "No tests were found" "$log"; then
    echo "run_tests: could not read the $tier results"
    status=1
  fi
  [ "$rc" -eq 0 ] || status=1
  rm -f "$log"
done
echo "${passed} passed, ${failed} failed"
if [ "$failed" -gt 0 ]; then status=1; fi
exit "$status"
