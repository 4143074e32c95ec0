#!/usr/bin/env bash
# Benchmark under faults: mixed sync (/v1/execute) and async (/v1/jobs) load on an api and worker JVMs, one worker
# killed with SIGKILL while it runs a program every minute and replaced; counts lost and duplicated jobs (goal 0 and 0)
# and exits 1 when either is not 0.
# Usage: scripts/bench-faults.sh [minutes (10; fractions allowed)] [workers (2)] [sync clients (3)] [async clients (3)]
# JAVA_OPTS may set -Dbench.kill-interval-seconds=60 -Dbench.drain-seconds=180 -Dbench.seed=N.
# Builds first when the jar is missing or older than a source (package, never install), and runs from a copy of it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prerequisites.sh
ensure_build_tools
ensure_system_packages
source scripts/lib/local-stack-main.sh
run_local_stack_main dev.codeinterp.local.faults.FaultLoadBenchmark "$@"
