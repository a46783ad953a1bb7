import type { RouteName } from '@plankit/core';
import { fn } from 'storybook/test';

// Module-level spies, cleared before every story (.storybook/preview.tsx), so play functions can assert on
// them and the Actions panel lists them.

/** The provider's `navigate`: stories capture Checkout and portal URLs instead of leaving the page. */
export const navigate = fn<(url: string) => void>().mockName('navigate');

/** Every request the story server received, after its body passed the route's request schema. */
export const request = fn<(route: RouteName, body: unknown) => void>().mockName('request');
