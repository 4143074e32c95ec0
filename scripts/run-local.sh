#!/usr/bin/env bash
# Runs the whole code interpreter on this machine: api + worker + janitor with an embedded Kafka broker,
# an embedded S3 server (s3proxy) on local disk, a private redis-server and bubblewrap sandboxes.
# Listens on APP_HTTP_LISTEN_ADDR (default 127.0.0.1:50081); data under APP_LOCAL_DATA_DIR (default ./.local-data).
# Every APP_* variable in the environment is honoured (see README.md). Ctrl-C stops everything.
#
# Builds only when the build inputs changed (a SHA-256 over every pom.xml, */src/main/** and the agent), and runs
# from a copy of the jar named by that hash under .local-build/, so a later build (or `mvn verify`, which rewrites
# target/) never touches the jar a running stack uses.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prerequisites.sh

ensure_build_tools
ensure_system_packages

BUILD_DIR=.local-build
KEEP_UNUSED_JARS=3

# SHA-256 over the names and contents of the build inputs; tests, target/ and hidden dirs (.git, .local-data,
# .local-build...) are not inputs. sha256sum prints each file's name next to its hash, so renames count too.
inputs_hash() {
  find . \( -name '.?*' -o -name target -o -name node_modules \) -prune -o -type f \
      \( -name pom.xml -o -path './*/src/main/*' -o -path './executor-image/agent/*.py' \) ! -name 'test_*' -print0 \
    | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16
}

# True when a running process has the jar open or on its command line.
jar_in_use() {
  local jar=$1 abs pid
  abs=$(readlink -f "$jar")
  for pid in /proc/[0-9]*; do
    if tr '\0' ' ' <"$pid/cmdline" 2>/dev/null | grep -qF "$(basename "$jar")"; then return 0; fi
    if ls -l "$pid/fd" 2>/dev/null | grep -qF -- "-> $abs"; then return 0; fi
  done
  return 1
}

# Keeps the newest few jars and every jar still in use; removes the rest.
prune_old_jars() {
  local current=$1 jar
  ls -t "$BUILD_DIR"/local-stack-*.jar 2>/dev/null | tail -n +$((KEEP_UNUSED_JARS + 1)) | while read -r jar; do
    [ "$jar" = "$current" ] || jar_in_use "$jar" || rm -f "$jar"
  done
}

mkdir -p "$BUILD_DIR"
exec 9>"$BUILD_DIR/build.lock"
flock 9  # one decide-and-build at a time per checkout
hash=$(inputs_hash)
jar="$BUILD_DIR/local-stack-$hash.jar"
if [ ! -f "$jar" ]; then
  echo "Building (first run or sources changed: inputs $hash)..." >&2
  # package, not install: the reactor resolves the modules, and ~/.m2 (shared with other checkouts) stays untouched
  mvn -q -B -DskipTests package -pl local-stack -am
  built=$(find local-stack/target -maxdepth 1 -name "local-stack-*.jar" ! -name "*original*" -print -quit)
  cp "$built" "$jar.tmp.$$"
  mv -f "$jar.tmp.$$" "$jar"
  prune_old_jars "$jar"
fi
flock -u 9
exec 9>&-

exec java ${JAVA_OPTS:-} -jar "$jar"
