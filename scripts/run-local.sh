#!/usr/bin/env bash
# Runs the whole code interpreter on this machine: api + worker + janitor with an embedded Kafka broker,
# an embedded S3 server (s3proxy) on local disk, a private redis-server and bubblewrap sandboxes.
# Listens on APP_HTTP_LISTEN_ADDR (default 127.0.0.1:50081); data under APP_LOCAL_DATA_DIR (default ./.local-data).
# Every APP_* variable in the environment is honoured (see README.md). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prerequisites.sh

ensure_build_tools
ensure_system_packages

jar=$(ls local-stack/target/local-stack-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
if [ -z "$jar" ] || [ -n "$(find . -path ./.local-data -prune -o \( -name pom.xml -o -path '*/src/main/*' -o -path './executor-image/agent/*' \) -newer "$jar" -print -quit)" ]; then
  echo "Building (first run or sources changed)..." >&2
  mvn -q -B -DskipTests install
  jar=$(ls local-stack/target/local-stack-*.jar | grep -v original | head -n 1)
fi

exec java ${JAVA_OPTS:-} -jar "$jar"
