#!/usr/bin/env bash
# Starts the Plankit demo on the embedded Stripe emulator, from a fresh clone.
# With STRIPE_SECRET_KEY set, the demo talks to Stripe test mode instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/setup.sh

ensure_pnpm
ensure_deps
if [ -f apps/demo/package.json ]; then
  exec "${PNPM[@]}" --filter @plankit/demo start
else
  # Until the demo app exists: the emulator alone, with the demo catalog.
  exec "${PNPM[@]}" exec tsx --conditions=@plankit/source packages/stripe-emulator/src/cli.ts --port "${PORT:-12111}"
fi
