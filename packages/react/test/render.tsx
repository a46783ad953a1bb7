import { QueryClient } from '@tanstack/react-query';
import { type RenderResult, render } from '@testing-library/react';
import axe from 'axe-core';
import { type ReactElement, StrictMode } from 'react';
import { expect, type Mock, vi } from 'vitest';
import type { FetchLike } from '../src/client';
import { PlankitProvider, type PlankitProviderProps } from '../src/provider';

export interface RenderOptions extends Omit<PlankitProviderProps, 'children' | 'fetch'> {
  fetch: FetchLike;
  /**
   * Wraps the tree in `<StrictMode>` (default `true`), as apps do in development: effects run twice on
   * mount, so a component that acts on mount (focus, requests) shows it in every test.
   */
  strict?: boolean;
}

/**
 * Renders inside `<StrictMode>` and a PlankitProvider with a fresh query client (no retries) and a recorded
 * `navigate`.
 */
export interface RenderedWithPlankit extends RenderResult {
  navigate: Mock<(url: string) => void>;
  queryClient: QueryClient;
}

export function renderWithPlankit(
  ui: ReactElement,
  { strict = true, ...options }: RenderOptions,
): RenderedWithPlankit {
  const navigate = vi.fn<(url: string) => void>();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const tree = (
    <PlankitProvider navigate={navigate} queryClient={queryClient} {...options}>
      {ui}
    </PlankitProvider>
  );
  const result = render(strict ? <StrictMode>{tree}</StrictMode> : tree);
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
