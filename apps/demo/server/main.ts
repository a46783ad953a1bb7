import { startDemo } from './start-demo';

// `pnpm --filter @plankit/demo start`: the demo on the emulator, or on Stripe test mode with STRIPE_SECRET_KEY.
const demo = await startDemo();
console.log(`Plankit demo: ${demo.url}`);
console.log(
  demo.emulator
    ? `  Stripe: the embedded emulator at ${demo.emulator.url} (test card 4242 4242 4242 4242)`
    : '  Stripe: your test-mode account',
);

const stop = () => {
  void demo.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
