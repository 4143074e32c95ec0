# Runs a main class of the local-stack jar (the benchmarks), building the jar first when it is missing or older than
# a source (package, never install). Sourced by scripts/bench*.sh, after prerequisites.sh.
#
#   run_local_stack_main <main class> [arguments...]

run_local_stack_main() {
  local main=$1
  shift
  local jar stamp copy
  jar=$(ls local-stack/target/local-stack-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
  stamp=local-stack/target/.bench-built  # the jar's own time is fixed (reproducible builds)
  if [ -z "$jar" ] || [ ! -f "$stamp" ] || [ -n "$(find . \( -name target -o -name '.?*' \) -prune -o \
      \( -name pom.xml -o -path './*/src/main/*' -o -path './executor-image/agent/*' \) -newer "$stamp" -print -quit)" ]
  then
    mvn -q -B -DskipTests package -pl local-stack -am
    jar=$(ls local-stack/target/local-stack-*.jar | grep -v original | head -n 1)
    touch "$stamp"
  fi
  # a rebuild during the run must not change the jar under the running JVM
  copy=$(mktemp --suffix=.jar)
  cp "$jar" "$copy"
  local status=0
  java ${JAVA_OPTS:-} -cp "$copy" -Dloader.main="$main" org.springframework.boot.loader.launch.PropertiesLauncher \
    "$@" || status=$?
  rm -f "$copy"
  return $status
}
