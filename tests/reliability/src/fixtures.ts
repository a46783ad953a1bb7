import { definePlans } from '@plankit/core';
import { planConfig, seedWithPortal } from '@plankit/test-utils';

/** The app's origin; every redirect must stay on it (or on the dev origin below). */
export const appOrigin = 'https://app.example.com';
export const devOrigin = 'http://localhost:5173';
export const allowedOrigins = [appOrigin, devOrigin] as const;

export const plans = definePlans(planConfig);

/** The shared test catalog plus a portal configuration with every feature the routes use. */
export const seed = seedWithPortal;
