import type { HTMLAttributes } from 'react';
import { PlankitError } from '../../plankit-error';
import { usePlankit } from '../../provider';

/** The styling hooks every part carries: `data-plankit-part` names it, `data-state` says what it is doing. */
export function part(name: string, state?: string) {
  return { 'data-plankit-part': name, 'data-state': state };
}

export interface RootProps extends HTMLAttributes<HTMLDivElement> {
  part: string;
  state?: string;
}

/** A component's outermost element: carries the theme and the `plankit` class (unless `unstyled`). */
export function Root({ part: name, state, className, ...rest }: RootProps) {
  const { theme, unstyled, format } = usePlankit();
  const classes = [unstyled ? '' : 'plankit', className ?? ''].join(' ').trim();
  return (
    <div
      {...rest}
      {...part(name, state)}
      className={classes || undefined}
      // The kit's language, which may not be the page's: screen readers pronounce the texts in it.
      lang={format.locale}
      data-theme={theme === 'system' ? undefined : theme}
    />
  );
}

/** The localized message for an error from the server (or any other failure). */
export function useErrorText() {
  const { format } = usePlankit();
  return (error: unknown) =>
    format.t(`error_${error instanceof PlankitError ? error.code : 'internal_error'}`);
}

/** An error announced to screen readers; renders nothing without an error. */
export function ErrorMessage({ error }: { error: unknown }) {
  const text = useErrorText();
  return error ? (
    <p role="alert" {...part('error')}>
      {text(error)}
    </p>
  ) : null;
}

/**
 * The component's one live status region, rendered from the start so that screen readers announce the text
 * written into it later (waiting, results). The theme hides it visually unless `shown` (when no other element
 * says the same, e.g. "Loading plans…").
 */
export function Status({ text, shown }: { text?: string | false; shown?: boolean }) {
  return (
    <p role="status" {...part('status', shown ? 'shown' : undefined)}>
      {text || ''}
    </p>
  );
}
