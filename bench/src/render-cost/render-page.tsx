/**
 * The browser side of the render bench: renders PricingTable (React production build) or assigns static
 * markup of the same DOM, each into a fresh container, and times it with performance marks up to a forced layout.
 */
import type { Catalog } from '@plankit/core';
import { PlankitProvider, PricingTable } from '@plankit/react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';

/** Never answers: the initial data is all the table needs, and no refetch may re-render mid-measurement. */
const silentFetch = () => new Promise<Response>(() => {});

function freshContainer(): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  return container;
}

/** Times `work` up to a forced layout; returns [total ms, ms before style and layout]. */
function timed(name: string, work: () => void): [number, number] {
  performance.mark(`${name}:start`);
  work();
  performance.mark(`${name}:dom`);
  // Reading layout forces style and layout, so both variants pay for the same pixels-ready DOM.
  void document.body.offsetHeight;
  performance.mark(`${name}:end`);
  return [
    performance.measure(name, `${name}:start`, `${name}:end`).duration,
    performance.measure(`${name}:dom`, `${name}:start`, `${name}:dom`).duration,
  ];
}

const bench = {
  /** Renders the table, returns [[total ms, DOM ms], element count, markup]. */
  react(catalog: Catalog, keep: boolean): [[number, number], number, string] {
    const container = freshContainer();
    const root = createRoot(container);
    const ms = timed('react', () => {
      flushSync(() => {
        root.render(
          <PlankitProvider
            fetch={silentFetch}
            initialData={{ plans: catalog, subscription: { subscriptions: [] } }}
          >
            <PricingTable />
          </PlankitProvider>,
        );
      });
    });
    const result: [[number, number], number, string] = [
      ms,
      container.querySelectorAll('*').length,
      keep ? container.innerHTML : '',
    ];
    root.unmount();
    container.remove();
    return result;
  },
  /** Assigns the same DOM as markup, returns [[total ms, DOM ms], element count]. */
  static(markup: string): [[number, number], number] {
    const container = freshContainer();
    const ms = timed('static', () => {
      container.innerHTML = markup;
    });
    const count = container.querySelectorAll('*').length;
    container.remove();
    return [ms, count];
  },
  clear() {
    performance.clearMarks();
    performance.clearMeasures();
  },
};

(window as unknown as { plankitBench: typeof bench }).plankitBench = bench;
