# Shared setup for the README's commands: pnpm, dependencies, a Chromium, a redis-server and PostgreSQL.
# Sourced by scripts/test.sh and scripts/demo.sh; every step is idempotent.

PNPM_VERSION="10.34.8"

log() { printf '\033[1m[plankit]\033[0m %s\n' "$*"; }

# pnpm: a global pnpm 10, else corepack, else npx.
ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1 && pnpm --version 2>/dev/null | grep -q '^10\.'; then
    PNPM=(pnpm)
  elif command -v corepack >/dev/null 2>&1 && COREPACK_ENABLE_DOWNLOAD_PROMPT=0 corepack pnpm --version >/dev/null 2>&1; then
    PNPM=(env COREPACK_ENABLE_DOWNLOAD_PROMPT=0 corepack pnpm)
  else
    PNPM=(npx --yes "pnpm@${PNPM_VERSION}")
  fi
  log "pnpm $("${PNPM[@]}" --version)"
}

ensure_deps() {
  log "installing dependencies"
  "${PNPM[@]}" install --frozen-lockfile --prefer-offline --reporter=append-only
}

is_root() { [ "$(id -u)" = "0" ]; }

apt_install() {
  if is_root && command -v apt-get >/dev/null 2>&1; then
    log "installing $* with apt-get"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@") >/dev/null
  else
    return 1
  fi
}

# A Chromium for browser tests: CHROME_PATH if set, else the system one, else Debian's package.
ensure_chromium() {
  if [ -n "${CHROME_PATH:-}" ] && [ -x "${CHROME_PATH}" ]; then
    :
  else
    for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
      if [ -x "$candidate" ]; then CHROME_PATH="$candidate"; break; fi
    done
    if [ -z "${CHROME_PATH:-}" ] || [ ! -x "${CHROME_PATH}" ]; then
      apt_install chromium && CHROME_PATH=/usr/bin/chromium
    fi
  fi
  if [ -z "${CHROME_PATH:-}" ] || [ ! -x "${CHROME_PATH}" ]; then
    log "no Chromium found: set CHROME_PATH to a Chrome or Chromium binary" >&2
    return 1
  fi
  export CHROME_PATH
  log "chromium at ${CHROME_PATH}"
}

# redis-server for the multi-instance store tests: REDIS_SERVER_PATH, PATH, or Debian's package.
ensure_redis() {
  if [ -n "${REDIS_SERVER_PATH:-}" ] && [ -x "${REDIS_SERVER_PATH}" ]; then
    :
  elif command -v redis-server >/dev/null 2>&1; then
    REDIS_SERVER_PATH="$(command -v redis-server)"
  else
    apt_install redis-server && REDIS_SERVER_PATH="$(command -v redis-server)"
  fi
  if [ -z "${REDIS_SERVER_PATH:-}" ]; then
    log "no redis-server found: set REDIS_SERVER_PATH" >&2
    return 1
  fi
  export REDIS_SERVER_PATH
  log "redis-server at ${REDIS_SERVER_PATH}"
}

# PostgreSQL for the Postgres store tests: POSTGRES_URL (a server of one's own), POSTGRES_BIN_DIR, Debian's
# /usr/lib/postgresql/N/bin, PATH, or Debian's package. test-utils starts a throwaway server from these binaries (as
# the `postgres` user when run as root); the package's own cluster service is not needed and not started.
ensure_postgres() {
  if [ -n "${POSTGRES_URL:-}" ]; then
    log "postgres: using POSTGRES_URL"
    return 0
  fi
  find_postgres_bin() {
    if [ -n "${POSTGRES_BIN_DIR:-}" ] && [ -x "${POSTGRES_BIN_DIR}/postgres" ]; then return 0; fi
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [ -n "$dir" ] && [ -x "$dir/postgres" ]; then POSTGRES_BIN_DIR="$dir"; return 0; fi
    if command -v postgres >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
      POSTGRES_BIN_DIR="$(dirname "$(command -v postgres)")"; return 0
    fi
    return 1
  }
  find_postgres_bin || { apt_install postgresql && find_postgres_bin; }
  if [ -z "${POSTGRES_BIN_DIR:-}" ]; then
    log "no PostgreSQL found: install it (apt-get install postgresql), set POSTGRES_BIN_DIR or POSTGRES_URL" >&2
    return 1
  fi
  if is_root && ! id postgres >/dev/null 2>&1; then
    log "running as root without a postgres user: PostgreSQL refuses to run as root" >&2
    return 1
  fi
  export POSTGRES_BIN_DIR
  log "postgres at ${POSTGRES_BIN_DIR}"
}
