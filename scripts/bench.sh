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
jar=$(ls local-stack/target/local-stack-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
stamp=local-stack/target/.bench-built  # the jar's own time is fixed (reproducible builds)
if [ -z "$jar" ] || [ ! -f "$stamp" ] || [ -n "$(find . \( -name target -o -name '.?*' \) -prune -o \
    \( -name pom.xml -o -path './*/src/main/*' -o -path './executor-image/agent/*' \) -newer "$stamp" -print -quit)" ]; then
  mvn -q -B -DskipTests package -pl local-stack -am
  jar=$(ls local-stack/target/local-stack-*.jar | grep -v original | head -n 1)
  touch "$stamp"
fi
# a rebuild during the run must not change the jar under the running JVM
copy=$(mktemp --suffix=.jar)
trap 'rm -f "$copy"' EXIT
cp "$jar" "$copy"
java ${JAVA_OPTS:-} -cp "$copy" -Dloader.main=dev.codeinterp.local.bench.HelloWorldBenchmark \
  org.springframework.boot.loader.launch.PropertiesLauncher "$@"
