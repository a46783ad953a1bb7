#!/usr/bin/env bash
# Runs the emulator's conformance suite (packages/stripe-emulator/test/conformance) against Stripe's test mode
# instead of the emulator, to measure the emulator's fidelity. Needs a test-mode key:
#   STRIPE_SECRET_KEY=sk_test_... pnpm test:stripe-live
# Tests that need the emulator's control API (faults, clock, hosted pages, local webhook delivery) are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${STRIPE_SECRET_KEY:-}" != sk_test_* ]]; then
  echo "pnpm test:stripe-live needs STRIPE_SECRET_KEY=sk_test_... (a test-mode secret key; live keys are refused)." >&2
  exit 2
fi
PLANKIT_STRIPE_LIVE=1 exec pnpm exec vitest run --project stripe-emulator packages/stripe-emulator/test/conformance "$@"
