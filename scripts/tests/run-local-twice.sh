#!/usr/bin/env bash
# Script-level test of scripts/run-local.sh (issue 14), on a throwaway copy of this checkout:
# - two stacks started from one checkout: the first builds, the second does not, both answer print(21 * 2);
# - a source change makes the next start build exactly once, and the first stack still answers afterwards.
# Everything started here is stopped and removed on exit.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
PYTHON=/usr/bin/python3
READY_TIMEOUT_S=${READY_TIMEOUT_S:-300}  # the first start includes a full build

work=$(mktemp -d)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; for log in "$work"/*.log; do [ -f "$log" ] && { echo "--- $log" >&2; tail -n 30 "$log" >&2; }; done; exit 1; }

# The copy: tracked and untracked-but-not-ignored files (so uncommitted edits are tested), no target/ or data dirs.
mkdir "$work/checkout"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard | xargs -0 -I{} sh -c '[ -e "{}" ] && printf "%s\0" "{}"' \
  | tar --null -T - -cf -) | tar -C "$work/checkout" -xf -

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start NAME: starts a stack in its own process group with its own port and data dir; sets port_NAME.
start() {
  local name=$1 port
  port=$(free_port)
  mkdir -p "$work/data-$name"
  APP_HTTP_LISTEN_ADDR="127.0.0.1:$port" APP_LOCAL_DATA_DIR="$work/data-$name" \
    setsid "$work/checkout/scripts/run-local.sh" >"$work/$name.log" 2>&1 </dev/null &
  pids+=("$!")
  printf -v "port_$name" '%s' "$port"
}

answer() {
  curl -s --max-time 60 "http://127.0.0.1:$1/v1/execute" -H 'Content-Type: application/json' \
    -d '{"chat_id": "run-local-twice", "source_code": "print(21 * 2)"}' \
    | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["stdout"], end="")' 2>/dev/null || true
}

# await_answer NAME: waits until the stack answers 42 (or its script has exited, or the timeout passes).
await_answer() {
  local name=$1 port pid deadline
  port=$(eval echo "\$port_$name"); pid=${pids[-1]}
  deadline=$((SECONDS + READY_TIMEOUT_S))
  until [ "$(answer "$port")" = "42" ]; do
    kill -0 "$pid" 2>/dev/null || fail "stack $name exited before answering"
    [ $SECONDS -lt $deadline ] || fail "stack $name did not answer 42 within ${READY_TIMEOUT_S}s"
    sleep 1
  done
}

builds() { grep -c '^Building' "$work/$1.log" || true; }

expect_builds() {
  local name=$1 expected=$2 actual
  actual=$(builds "$name")
  [ "$actual" = "$expected" ] || fail "stack $name built $actual time(s), expected $expected"
}

# The stack runs from its content-addressed copy, never from target/.
expect_runs_from_copy() {
  local pid=$1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- '-jar \.local-build/local-stack-[0-9a-f]*\.jar' \
    || fail "pid $pid does not run from .local-build: $(tr '\0' ' ' <"/proc/$pid/cmdline")"
}

start a; await_answer a; expect_builds a 1; expect_runs_from_copy "${pids[0]}"
echo "first start built once and answers 42"

start b; await_answer b; expect_builds b 0
echo "second start did not build and answers 42"
[ "$(answer "$port_a")" = "42" ] || fail "first stack stopped answering after the second started"

# Stop the second stack (two JVMs are enough on a small machine), then change a source.
kill -TERM -- "-${pids[1]}"; wait "${pids[1]}" 2>/dev/null || true
java_file=$(find "$work/checkout/api-service/src/main/java" -name '*.java' -print -quit)
printf '\n// changed by run-local-twice.sh\n' >>"$java_file"

start c; await_answer c; expect_builds c 1; expect_runs_from_copy "${pids[2]}"
echo "start after a source change built once and answers 42"
[ "$(answer "$port_a")" = "42" ] || fail "first stack stopped answering after the rebuild"
[ "$(ls "$work/checkout/.local-build"/local-stack-*.jar | wc -l)" = "2" ] || fail "expected two jar copies"
echo "first stack still answers 42 after the rebuild"
echo "PASS run-local-twice"
