import type { z } from 'zod';
import { type RouteName, routePaths } from './route-paths';
import {
  cancelRequestSchema,
  cancelResponseSchema,
  resumeRequestSchema,
  resumeResponseSchema,
  retentionAcceptRequestSchema,
  retentionAcceptResponseSchema,
} from './schemas/cancellation';
import { catalogSchema } from './schemas/catalog';
import { checkoutRequestSchema, checkoutResponseSchema } from './schemas/checkout';
import {
  changePlanRequestSchema,
  changePlanResponseSchema,
  previewChangeRequestSchema,
  previewChangeResponseSchema,
} from './schemas/plan-change';
import { portalRequestSchema, portalResponseSchema } from './schemas/portal';
import { subscriptionStateSchema } from './schemas/subscription';
import { syncRequestSchema } from './schemas/sync';

/** A route's contract: its method, path, request body schema (mutations only) and response schema. */
export interface RouteContract {
  method: 'GET' | 'POST';
  path: string;
  request: z.ZodType | null;
  response: z.ZodType;
}

/** The schemas of every route, keyed like {@link routePaths}. The server validates with these. */
export const routes = {
  plans: { ...routePaths.plans, request: null, response: catalogSchema },
  subscription: { ...routePaths.subscription, request: null, response: subscriptionStateSchema },
  checkout: { ...routePaths.checkout, request: checkoutRequestSchema, response: checkoutResponseSchema },
  portal: { ...routePaths.portal, request: portalRequestSchema, response: portalResponseSchema },
  previewChange: {
    ...routePaths.previewChange,
    request: previewChangeRequestSchema,
    response: previewChangeResponseSchema,
  },
  changePlan: {
    ...routePaths.changePlan,
    request: changePlanRequestSchema,
    response: changePlanResponseSchema,
  },
  cancel: { ...routePaths.cancel, request: cancelRequestSchema, response: cancelResponseSchema },
  retentionAccept: {
    ...routePaths.retentionAccept,
    request: retentionAcceptRequestSchema,
    response: retentionAcceptResponseSchema,
  },
  resume: { ...routePaths.resume, request: resumeRequestSchema, response: resumeResponseSchema },
  sync: { ...routePaths.sync, request: syncRequestSchema, response: subscriptionStateSchema },
} as const satisfies Record<RouteName, RouteContract>;
