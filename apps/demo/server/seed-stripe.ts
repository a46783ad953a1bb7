import Stripe from 'stripe';
import { seedStripeCatalog } from './seed-catalog';

// `pnpm --filter @plankit/demo seed`: creates the demo's catalog in a Stripe *test* account (idempotent).

const secretKey = process.env.STRIPE_SECRET_KEY ?? '';
if (!secretKey.startsWith('sk_test_')) {
  console.error(
    'Set STRIPE_SECRET_KEY to a test-mode secret key (sk_test_...). The seed never touches live mode.',
  );
  process.exit(1);
}
console.log('Seeding the Acme Notes catalog into your Stripe test account:');
await seedStripeCatalog(new Stripe(secretKey));
console.log('Done. Start the demo with STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET set.');
