import { toNextHandlers } from '@plankit/server/next';
import { billing } from '../../../../lib/billing';

export const { GET, HEAD, POST, OPTIONS } = toNextHandlers(billing);
