#!/usr/bin/env bash
# Runs the whole test suite: unit tests, and integration tests against a real Kafka broker, s3proxy,
# redis-server and bubblewrap sandboxes that the tests start themselves. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prerequisites.sh

ensure_build_tools
ensure_system_packages
ensure_lint_tools

exec mvn -B -ntp verify "$@"
