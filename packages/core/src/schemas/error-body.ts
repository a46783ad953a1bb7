import { z } from 'zod';
import { errorCodeList } from '../errors';

/** The JSON body of every error response. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(errorCodeList as [string, ...string[]]),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
