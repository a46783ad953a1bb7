import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerWithHandler, answerWithoutRequest, type HasHandler } from './node';

/** The parts of Express's request this adapter reads (kept structural, so Express is not a dependency). */
type ExpressLikeRequest = IncomingMessage & { originalUrl?: string; _body?: boolean };

/**
 * Express middleware for every route below `billing.basePath`; other paths go to `next()`.
 * Mount it BEFORE `express.json()`: the webhook needs the raw body to verify Stripe's signature.
 *
 * @example
 * app.use(toExpressHandler(billing)); // then app.use(express.json()) for the rest of the app
 */
export function toExpressHandler(
  billing: HasHandler & { basePath: string },
): (req: ExpressLikeRequest, res: ServerResponse, next: (error?: unknown) => void) => void {
  return (req, res, next) => {
    const path = (req.originalUrl ?? req.url ?? '/').split('?')[0] ?? '/';
    if (path !== billing.basePath && !path.startsWith(`${billing.basePath}/`)) {
      next();
      return;
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    if (
      req._body === true ||
      (hasBody && (req.readableEnded || (req as { body?: unknown }).body !== undefined))
    ) {
      next(
        new Error(
          'Plankit: mount toExpressHandler(billing) before express.json(); it needs the raw request body.',
        ),
      );
      return;
    }
    if (req.originalUrl) req.url = req.originalUrl;
    answerWithoutRequest(billing, req, res)
      .then(async (answered) => {
        if (!answered) await answerWithHandler(billing, req, res);
      })
      .catch(next);
  };
}
