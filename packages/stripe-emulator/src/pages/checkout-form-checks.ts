/** A form field of the hosted Checkout page that an error can be tied to. */
export type Field = 'card' | 'email' | 'promotion_code' | 'session' | 'expiry' | 'cvc';

export interface FieldError {
  field: Field;
  message: string;
}

/** Expiry as MM / YY (or MM/YY, MMYY), not before the current month of the emulator's clock. */
function expiryError(value: string, now: number): boolean {
  const m = /^\s*(\d{1,2})\s*\/?\s*(\d{2})\s*$/.exec(value);
  if (!m) return true;
  const month = Number(m[1]);
  const year = 2000 + Number(m[2]);
  if (month < 1 || month > 12) return true;
  const today = new Date(now * 1000);
  return year * 12 + month < today.getUTCFullYear() * 12 + today.getUTCMonth() + 1;
}

/** The card form's own checks, before anything is charged. */
export function formError(form: Record<string, string>, now: number): FieldError | undefined {
  if (expiryError(form.expiry ?? '', now)) return { field: 'expiry', message: 'expiry' };
  if (!/^\d{3,4}$/.test((form.cvc ?? '').trim())) return { field: 'cvc', message: 'cvc' };
  return undefined;
}
