/**
 * Checks run on every story in the browser: nothing wider than the page, and every interactive target at least
 * 24 × 24 CSS px without overlapping another (WCAG 2.2 SC 2.5.8, Target Size (Minimum)).
 */

const targetSelector =
  'button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="checkbox"], [role="radio"], [tabindex]:not([tabindex="-1"])';

/** Rendered and visible: screen-reader-only parts (1 px, clipped) and closed dialogs are not targets. */
function shown(element: Element): boolean {
  const rect = element.getBoundingClientRect();
  if (rect.width <= 1 || rect.height <= 1) return false;
  const style = getComputedStyle(element);
  return style.visibility !== 'hidden' && style.display !== 'none';
}

function describe(element: Element): string {
  const part = element.getAttribute('data-plankit-part');
  const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 30) ?? '';
  return `${element.tagName.toLowerCase()}${part ? `[${part}]` : ''} "${name}"`;
}

/** Elements that stick out of the page horizontally at the current viewport width. */
export function horizontalOverflow(root: Element): string[] {
  const width = document.documentElement.clientWidth;
  const problems: string[] = [];
  if (document.documentElement.scrollWidth > width + 1) {
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px > ${width} px`);
  }
  for (const element of root.querySelectorAll('[data-plankit-part]')) {
    if (!shown(element)) continue;
    const rect = element.getBoundingClientRect();
    if (rect.right > width + 1 || rect.left < -1) {
      problems.push(
        `${describe(element)} spans ${Math.round(rect.left)}..${Math.round(rect.right)} px of ${width}`,
      );
    }
  }
  return problems;
}

/** Targets under 24 × 24 px, and pairs of targets that overlap. */
export function targetProblems(root: Element): string[] {
  const targets = [...root.querySelectorAll(targetSelector)].filter(shown);
  // The top layer: a modal dialog makes everything behind it inert, so only its own targets count.
  const dialog = root.querySelector('dialog[open]');
  const active = dialog ? targets.filter((target) => dialog.contains(target)) : targets;
  const problems: string[] = [];
  const rects = active.map((target) => target.getBoundingClientRect());
  active.forEach((target, index) => {
    const rect = rects[index]!;
    if (rect.width < 23.5 || rect.height < 23.5) {
      problems.push(`${describe(target)} is ${Math.round(rect.width)} × ${Math.round(rect.height)} px`);
    }
    for (let other = index + 1; other < active.length; other++) {
      const next = rects[other]!;
      const overlapX = Math.min(rect.right, next.right) - Math.max(rect.left, next.left);
      const overlapY = Math.min(rect.bottom, next.bottom) - Math.max(rect.top, next.top);
      const nested = target.contains(active[other]!) || active[other]!.contains(target);
      if (overlapX > 0.5 && overlapY > 0.5 && !nested) {
        problems.push(`${describe(target)} overlaps ${describe(active[other]!)}`);
      }
    }
  });
  return problems;
}

/** Waits until the story has settled: no loading or pending part (unless the story is about one), fonts ready. */
export async function settled(root: Element, storyId: string): Promise<void> {
  const aboutWaiting = /loading|pending|redirecting/i.test(storyId);
  const deadline = performance.now() + 3000;
  while (!aboutWaiting && performance.now() < deadline) {
    if (!root.querySelector('[data-state="loading"], [data-state="pending"], [aria-busy="true"]')) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await document.fonts.ready;
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}

/** The height that shows the whole story, an open modal dialog (top layer, fixed) included. */
export function fullHeight(): number {
  let bottom = document.documentElement.scrollHeight;
  for (const dialog of document.querySelectorAll('dialog[open]')) {
    bottom = Math.max(bottom, Math.ceil(dialog.getBoundingClientRect().height) + 64);
  }
  return Math.min(4000, bottom);
}

/**
 * Parts rendered in the story that its component's docs page does not list (`parameters.anatomy`, read from the
 * source): the page and the code must not drift. A part the docs name "{prop}" is the root a prop names.
 */
export function undocumentedParts(root: Element, documented: readonly string[]): string[] {
  const rendered = [...root.querySelectorAll('[data-plankit-part]')];
  const byProp = documented.some((name) => name.startsWith('{'));
  const outermost = rendered.find((element) => !element.parentElement?.closest('[data-plankit-part]'));
  const undocumented = rendered
    .filter((element) => !(byProp && element === outermost))
    .map((element) => element.getAttribute('data-plankit-part')!)
    .filter((name) => !documented.includes(name));
  return [...new Set(undocumented)].sort();
}
