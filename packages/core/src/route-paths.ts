/**
 * Every route between the React kit and the server: method and path below the server's basePath.
 * Kept free of schemas so browser bundles can import it without zod.
 */
export const routePaths = {
  plans: { method: 'GET', path: '/plans' },
  subscription: { method: 'GET', path: '/subscription' },
  checkout: { method: 'POST', path: '/checkout' },
  portal: { method: 'POST', path: '/portal' },
  previewChange: { method: 'POST', path: '/preview-change' },
  changePlan: { method: 'POST', path: '/change-plan' },
  cancel: { method: 'POST', path: '/cancel' },
  retentionAccept: { method: 'POST', path: '/retention/accept' },
  resume: { method: 'POST', path: '/resume' },
  sync: { method: 'POST', path: '/sync' },
} as const;

export type RouteName = keyof typeof routePaths;

/** Stripe's webhook endpoint below the basePath (called by Stripe, not by the browser). */
export const webhookPath = '/webhook';

/** The default mount point of the billing routes. */
export const defaultBasePath = '/api/billing';

/** Mutations carry JSON bodies up to this size; anything larger is refused with `payload_too_large`. */
export const maxRequestBodyBytes = 16 * 1024;
