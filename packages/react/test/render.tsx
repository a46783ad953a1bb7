import { QueryClient } from '@tanstack/react-query';
import { type RenderResult, render } from '@testing-library/react';
import axe from 'axe-core';
import type { ReactElement } from 'react';
import { expect, type Mock, vi } from 'vitest';
import type { FetchLike } from '../src/client';
import { PlankitProvider, type PlankitProviderProps } from '../src/provider';

export interface RenderOptions extends Omit<PlankitProviderProps, 'children' | 'fetch'> {
  fetch: FetchLike;
}

/** Renders inside a PlankitProvider with a fresh query client (no retries) and a recorded `navigate`. */
export interface RenderedWithPlankit extends RenderResult {
  navigate: Mock<(url: string) => void>;
  queryClient: QueryClient;
}

export function renderWithPlankit(ui: ReactElement, options: RenderOptions): RenderedWithPlankit {
  const navigate = vi.fn<(url: string) => void>();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const result = render(
    <PlankitProvider navigate={navigate} queryClient={queryClient} {...options}>
      {ui}
    </PlankitProvider>,
  );
  return { ...result, navigate, queryClient };
}

/**
 * Runs axe on the rendered markup and fails on any violation. Color contrast needs real layout, which
 * happy-dom has not: test/contrast.test.ts checks the palette instead.
 */
export async function expectNoAxeViolations(container: Element = document.body) {
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  expect(
    results.violations.map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' | ')}`,
    ),
  ).toEqual([]);
}
