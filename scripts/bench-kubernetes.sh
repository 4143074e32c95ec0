#!/usr/bin/env bash
# Benchmark of the Kubernetes executor backend through fabric8's API mock and the tests' fake kubelet (real agents in
# bubblewrap): control-plane pods/s, warm lease latency, single-use cycles/s, next to the python3 floor.
# Usage: scripts/bench-kubernetes.sh [leases]   (compiles the worker's tests; needs no cluster)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prerequisites.sh
ensure_build_tools
ensure_system_packages
classpath=$(mktemp)
trap 'rm -f "$classpath"' EXIT
mvn -q -B -ntp -pl worker-service -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$classpath" >/dev/null
exec java ${JAVA_OPTS:-} -cp "worker-service/target/test-classes:worker-service/target/classes:$(cat "$classpath")" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.codeinterp.worker.sandbox.kubernetes.KubernetesPoolBenchmark "$@"
