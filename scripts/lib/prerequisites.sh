# Checks (and, as root, installs) what the service needs on this machine.
# Sourced by scripts/run-local.sh and scripts/test.sh.

PYTHON=/usr/bin/python3
DEBIAN_PACKAGES=(bubblewrap util-linux redis-server procps python3 python3-numpy python3-pandas python3-scipy
                 python3-matplotlib python3-pil python3-sympy python3-pip)

missing_packages() {
  local missing=()
  command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
  command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
  command -v pgrep >/dev/null 2>&1 || missing+=(procps)
  command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)  # starts sandboxes as their own uids
  if [ ! -x "$PYTHON" ]; then
    missing+=(python3 python3-numpy python3-pandas python3-scipy python3-matplotlib python3-pil python3-sympy
              python3-pip)
  else
    local module package
    for pair in numpy:python3-numpy pandas:python3-pandas scipy:python3-scipy matplotlib:python3-matplotlib \
                PIL:python3-pil sympy:python3-sympy; do
      module=${pair%%:*}; package=${pair#*:}
      "$PYTHON" -c "import $module" >/dev/null 2>&1 || missing+=("$package")
    done
    # the worker installs the packages programs import with it (APP_PIP_*)
    "$PYTHON" -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
  fi
  echo "${missing[@]}"
}

ensure_system_packages() {
  local missing
  missing=$(missing_packages)
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing missing system packages: $missing" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
    missing=$(missing_packages)
    [ -z "$missing" ] && return 0
    echo "Still missing after installing: $missing" >&2
    return 1
  fi
  echo "Missing system packages: $missing" >&2
  echo "Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${DEBIAN_PACKAGES[*]}" >&2
  return 1
}

ensure_build_tools() {
  if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
    echo "This project needs a JDK (17 or newer) and Maven on the PATH." >&2
    echo "On Debian/Ubuntu: sudo apt-get install -y openjdk-17-jdk-headless maven" >&2
    return 1
  fi
  local version
  version=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  if [ "${version%%.*}" -lt 17 ] 2>/dev/null; then
    echo "Java $version found; this project needs Java 17 or newer." >&2
    return 1
  fi
}

# node and npm run the pinned linters of docker-compose.yml and the Dockerfiles (deployment/package.json). Only the
# tests need them, and the lint tests skip themselves without them (or with a node older than dclint's 20.19), so
# this installs them as root and otherwise only says how.
ensure_lint_tools() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing missing system packages: nodejs npm" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
    return 0
  fi
  echo "node/npm not found: the lint tests of the deployment files will be skipped." >&2
  echo "Install them with:  sudo apt-get install -y nodejs npm   (dclint needs Node 20.19 or newer)" >&2
}
