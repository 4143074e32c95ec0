#!/usr/bin/env bash
# Benchmark: warm-path hello world through the whole stack versus python3 plain and in bubblewrap.
# Usage: scripts/bench.sh [requests]   (builds first if needed; starts its own stack on random ports)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prerequisites.sh
ensure_build_tools
ensure_system_packages
jar=$(ls local-stack/target/local-stack-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
[ -n "$jar" ] || { mvn -q -B -DskipTests install; jar=$(ls local-stack/target/local-stack-*.jar | grep -v original | head -n 1); }
exec java ${JAVA_OPTS:-} -cp "$jar" -Dloader.main=dev.codeinterp.local.HelloWorldBenchmark \
  org.springframework.boot.loader.launch.PropertiesLauncher "$@"
