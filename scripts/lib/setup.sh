# Shared setup for the README's commands: pnpm, dependencies, a Chromium and a redis-server.
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
