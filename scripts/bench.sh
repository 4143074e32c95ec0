#!/usr/bin/env bash
# Benchmark of issue 12's targets through the whole embedded stack, against python3 floors measured in the same run:
# floors (python3 -c 'print(1)', with -S, both in bubblewrap, import pandas+numpy), /v1/execute hello world and
# pandas+numpy back to back (p50/p90/p99 and their ratio to the -S floor), hello-world throughput in a closed loop of
# N clients (jobs/s, errors, p50, p99), the custom-tool endpoints, then a summary "measure | figure | target | met?".
# A missed target is reported, never a failure.
#
# Usage: scripts/bench.sh [requests]   (300: sequential hello-world requests; a tenth of it, at least 10, pandas)
# Settings (environment variable, or -Dbench.* in JAVA_OPTS):
#   BENCH_CLIENTS=8,16,32,64     closed-loop levels (concurrent clients each)    -Dbench.clients
#   BENCH_SECONDS=15             measured seconds per level                       -Dbench.seconds
#   BENCH_WARMUP_SECONDS=3       unmeasured seconds before each level             -Dbench.warmup-seconds
# APP_* variables reach the stack's services as usual (e.g. APP_EXECUTOR_MODE=zygote|fresh); the report lists them.
# Starts its own stack on random ports. Builds first when the jar is missing or older than a source (package, never
# install), and runs from a copy of it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prerequisites.sh
ensure_build_tools
ensure_system_packages
source scripts/lib/local-stack-main.sh
run_local_stack_main dev.codeinterp.local.bench.HelloWorldBenchmark "$@"
