#!/usr/bin/env bash
# Runs every check and test, from a fresh clone: setup, typecheck, lint, build,
# package lint (publint + attw), then all Vitest projects (unit, integration, browser, e2e).
# Ends with one plain line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/setup.sh

ensure_pnpm || exit 1
ensure_deps || exit 1
ensure_chromium || exit 1
ensure_redis || exit 1
ensure_postgres || exit 1

failed_steps=()
step() {
  local name="$1"; shift
  log "step: ${name}"
  if ! "$@"; then failed_steps+=("$name"); fi
}

step typecheck "${PNPM[@]}" run typecheck
step lint "${PNPM[@]}" run lint
step build "${PNPM[@]}" run build
step package-lint "${PNPM[@]}" run lint:packages
rm -f .vitest-report.json
step vitest "${PNPM[@]}" exec vitest run "$@"

node scripts/summarize-tests.mjs .vitest-report.json || failed_steps+=("summary")

if [ "${#failed_steps[@]}" -gt 0 ]; then
  log "failed steps: ${failed_steps[*]}" >&2
  exit 1
fi
