#!/usr/bin/env bash
# Runs the whole test suite: unit tests, and integration tests against a real Kafka broker, s3proxy,
# redis-server and bubblewrap sandboxes that the tests start themselves. Extra arguments go to Maven.
# Then the script-level tests under scripts/tests/ (about 2 min; SKIP_SCRIPT_TESTS=1 skips them).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prerequisites.sh

ensure_build_tools
ensure_system_packages
ensure_lint_tools

mvn -B -ntp verify "$@"

if [ "${SKIP_SCRIPT_TESTS:-0}" != 1 ]; then
  scripts/tests/run-local-twice.sh  # works on its own copy of the checkout: target/ here is not touched
fi
