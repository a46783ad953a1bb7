import { type ReactNode, useEffect, useRef } from 'react';
import { part, Root } from './parts';

export interface AlertDialogProps {
  /** Ids of the dialog's title and description. */
  labelledBy: string;
  describedBy: string;
  /** Escape and the cancel button call this; the dialog does not close itself. */
  onClose(): void;
  /** The part name of the root, e.g. `plan-switch-confirm`. */
  name: string;
  state?: string;
  className?: string;
  children: ReactNode;
}

const focusable = 'button,input,select,textarea,a[href],[tabindex]:not([tabindex="-1"])';

/**
 * A modal alert dialog: focus starts on the element marked `data-autofocus` (the safe choice), Tab stays
 * inside, Escape closes, and focus returns to whatever opened it.
 */
export function AlertDialog({
  labelledBy,
  describedBy,
  onClose,
  name,
  state,
  className,
  children,
}: AlertDialogProps) {
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const trigger = document.activeElement as HTMLElement | null;
    dialog.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => trigger?.focus();
  }, []);
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
    }
    if (event.key !== 'Tab' || !dialog.current) return;
    const items = [...dialog.current.querySelectorAll<HTMLElement>(focusable)];
    const first = items[0];
    const last = items[items.length - 1];
    // The dialog itself holds focus after a click on its text: Shift+Tab from there must wrap, not leave.
    const active = document.activeElement;
    if (event.shiftKey ? active === first || active === dialog.current : active === last) {
      event.preventDefault();
      (event.shiftKey ? last : first)?.focus();
    }
  };
  return (
    <Root part={name} state={state} className={className}>
      {/* A click on the overlay keeps focus in the dialog (else it falls to <body>, out of Escape's reach). */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a presentational backdrop; the handler only keeps focus */}
      <div onMouseDown={(event) => event.preventDefault()} {...part('overlay')} />
      <div
        ref={dialog}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        // Focusable so a click on its text keeps focus inside, where Escape and the Tab trap listen.
        tabIndex={-1}
        onKeyDown={onKeyDown}
        {...part('dialog')}
      >
        {children}
      </div>
    </Root>
  );
}
