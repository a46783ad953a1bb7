import { useEffect, useRef } from 'react';
import { cameByInAppNavigation } from '../router';

/**
 * A page's h1. After an in-app navigation it takes focus, so keyboard and screen-reader users start at the new
 * page instead of on the link they left.
 */
export function PageHeading({ id, children }: { id?: string; children: React.ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (cameByInAppNavigation()) heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 ref={heading} id={id} tabIndex={-1} className="page-heading">
      {children}
    </h1>
  );
}
