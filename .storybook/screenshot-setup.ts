import { afterEach, expect, inject } from 'vitest';
import { page } from 'vitest/browser';
import { fullHeight, horizontalOverflow, settled, targetProblems } from './visual-review';

declare module 'vitest' {
  interface ProvidedContext {
    /** Absolute directory for the screenshots (.artifacts/storybook, gitignored), set in vitest.config.ts. */
    storybookArtifacts: string;
  }
}

/** What @storybook/addon-vitest puts on the test context: the composed story that just ran. */
interface StoryContext {
  story?: {
    id: string;
    tags: string[];
    globals: Record<string, unknown>;
    run(context?: { globals: Record<string, unknown> }): Promise<void>;
  };
}

const widths = { desktop: 1200, mobile: 390 } as const;
const locales = ['en', 'de', 'it', 'id'] as const;
const themes = ['light', 'dark'] as const;

function canvas(): Element {
  return document.querySelector('[data-plankit-story="canvas"]') ?? document.body;
}

/** Fits the viewport to the story (measured in a short one, since the canvas is at least one viewport tall). */
async function fitViewport(width: number): Promise<void> {
  await page.viewport(width, 100);
  await page.viewport(width, fullHeight());
}

async function shoot(name: string, width: number): Promise<void> {
  await fitViewport(width);
  // JPEG: a third of PNG's encoding time on a tall page, and plenty for a review.
  await page.screenshot({
    path: `${inject('storybookArtifacts')}/${name}.jpeg`,
    type: 'jpeg',
    quality: 80,
  } as never);
}

// Every story, once settled: at 390 px nothing overflows and every target is 24 px or more without overlaps;
// screenshots at desktop and 390 px. Stories tagged 'screenshot' (the main states) are re-run in every locale
// and theme too: <id>--<locale>-<theme>-<width>.png. One browser page, no retries.
afterEach(async (context) => {
  const { story } = context as typeof context & StoryContext;
  if (!story || context.task.result?.state === 'fail') return;
  await settled(canvas(), story.id);
  await fitViewport(widths.mobile);
  expect.soft(horizontalOverflow(canvas()), `${story.id} at 390 px`).toEqual([]);
  expect.soft(targetProblems(canvas()), `${story.id} targets at 390 px`).toEqual([]);
  await shoot(`${story.id}--mobile`, widths.mobile);
  await shoot(`${story.id}--desktop`, widths.desktop);
  if (!story.tags.includes('screenshot')) return;
  for (const locale of locales) {
    for (const theme of themes) {
      if (locale === story.globals.locale && theme === story.globals.theme) continue;
      // The play function asserts English texts: in another locale it may stop early, and the screenshot then
      // shows the story as rendered (the English run above is the test).
      await story.run({ globals: { ...story.globals, locale, theme } }).catch(() => undefined);
      await settled(canvas(), story.id);
      for (const [label, width] of Object.entries(widths)) {
        await shoot(`${story.id}--${locale}-${theme}-${label}`, width);
      }
    }
  }
});
