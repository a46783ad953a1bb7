import { type ReactNode, type RefObject, useEffect, useRef } from 'react';
import { Root } from './parts';

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
  /**
   * Where focus returns on close. Default: the element that had focus when the dialog opened (pass the trigger
   * when a click may not focus it, as in Safari).
   */
  returnFocus?: RefObject<HTMLElement | null>;
  children: ReactNode;
}

const focusable = 'button,input,select,textarea,a[href],[tabindex]:not([tabindex="-1"])';

/**
 * A modal alert dialog on a native `<dialog>` opened with `showModal()`: the rest of the page is inert (out of
 * the accessibility tree, focus and pointer), focus starts on the element marked `data-autofocus` (the safe
 * choice), Tab stays inside, Escape closes, and focus returns to the trigger.
 */
export function AlertDialog({
  labelledBy,
  describedBy,
  onClose,
  name,
  state,
  className,
  returnFocus,
  children,
}: AlertDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  // Read on close, so that a new ref object on each render neither reopens the dialog nor moves focus.
  const returnTo = useRef(returnFocus);
  returnTo.current = returnFocus;
  useEffect(() => {
    const element = dialog.current;
    const trigger = document.activeElement as HTMLElement | null;
    if (element && !element.open) element.showModal?.();
    element?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      element?.close?.();
      (returnTo.current?.current ?? trigger)?.focus();
    };
  }, []);
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      // The dialog does not close itself: the owner decides (onClose), and the native cancel stays out.
      event.preventDefault();
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
      <dialog
        ref={dialog}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        // Focusable so a click on its text (or the backdrop) keeps focus inside, where Escape and Tab listen.
        tabIndex={-1}
        onKeyDown={onKeyDown}
        onCancel={(event) => {
          event.preventDefault();
          onClose();
        }}
        data-plankit-part="dialog"
      >
        {children}
      </dialog>
    </Root>
  );
}
