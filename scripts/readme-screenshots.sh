#!/usr/bin/env bash
# Copies the README screenshots from the test runs' artifacts, so they show the current kit:
#   docs/pricing-table.png        <- the demo's e2e run (npx vitest run --project demo apps/demo/e2e/subscribe.test.ts)
#   .storybook/pricing-table.jpeg <- the Storybook run (npx vitest run --project storybook), story PricingTable/NotSubscribed
set -euo pipefail
cd "$(dirname "$0")/.."
cp .artifacts/screenshots/01-pricing-signed-in.png docs/pricing-table.png
cp .artifacts/storybook/components-pricingtable--not-subscribed--desktop.jpeg .storybook/pricing-table.jpeg
echo "README screenshots updated: docs/pricing-table.png, .storybook/pricing-table.jpeg"
