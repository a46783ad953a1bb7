import { Suspense } from 'react';
import { Account } from './account';
import { Pricing } from './pricing';

export default function Home() {
  return (
    <main>
      <h1>Pricing</h1>
      <Suspense fallback={<p>…</p>}>
        <Account />
      </Suspense>
      <Suspense fallback={<p>Loading plans…</p>}>
        <Pricing />
      </Suspense>
    </main>
  );
}
