#!/usr/bin/env bash
# What package installation costs through the whole embedded stack, against floors measured in the same run: a job
# that imports nothing with installs on, a job whose package is installed on its way, and the same job once installed,
# versus python3 -S -c 'print(1)' and pip installing one wheel alone. Wheels are built locally: no network.
#
# Usage: scripts/bench-packages.sh [packages] [requests]   (10 packages installed once each; 100 requests per measure)
# APP_* variables reach the stack's services as usual (e.g. APP_EXECUTOR_MODE=zygote|fresh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prerequisites.sh
ensure_build_tools
ensure_system_packages
source scripts/lib/local-stack-main.sh
run_local_stack_main dev.codeinterp.local.bench.PackageInstallBenchmark "$@"
