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
jar=$(ls local-stack/target/local-stack-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
stamp=local-stack/target/.bench-faults-built  # the jar's own time is fixed (reproducible builds)
if [ -z "$jar" ] || [ ! -f "$stamp" ] || [ -n "$(find . \( -name target -o -name '.?*' \) -prune -o \
    \( -name pom.xml -o -path './*/src/main/*' -o -path './executor-image/agent/*' \) -newer "$stamp" -print -quit)" ]; then
  mvn -q -B -DskipTests package -pl local-stack -am
  jar=$(ls local-stack/target/local-stack-*.jar | grep -v original | head -n 1)
  touch "$stamp"
fi
# a rebuild during the run (worker JVMs start from the jar until the end) must not change it
copy=$(mktemp --suffix=.jar)
trap 'rm -f "$copy"' EXIT
cp "$jar" "$copy"
java ${JAVA_OPTS:-} -cp "$copy" -Dloader.main=dev.codeinterp.local.faults.FaultLoadBenchmark \
  org.springframework.boot.loader.launch.PropertiesLauncher "$@"
