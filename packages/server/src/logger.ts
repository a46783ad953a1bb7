/** Where Plankit writes server-side diagnostics (Stripe errors, setup warnings). Defaults to `console`. */
export interface Logger {
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}
