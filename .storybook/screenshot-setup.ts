import { afterEach, inject } from 'vitest';
import { page } from 'vitest/browser';

declare module 'vitest' {
  interface ProvidedContext {
    /** Absolute directory for the PNGs (.artifacts/storybook, gitignored), set in vitest.config.ts. */
    storybookArtifacts: string;
  }
}

/** What @storybook/addon-vitest puts on the test context: the composed story that just ran. */
interface StoryContext {
  story?: { id: string; tags: string[] };
}

// After each story tagged 'screenshot' (the main ones), save a PNG of the rendered story named by its id,
// e.g. components-pricingtable--not-subscribed.png. Failing stories are captured too: that helps debugging.
afterEach(async (context) => {
  const { story } = context as typeof context & StoryContext;
  if (!story?.tags.includes('screenshot')) return;
  // The test iframe only paints what fits its viewport: fit it to the story's height (measured in a short
  // viewport, since the canvas is at least one viewport tall).
  await page.viewport(1200, 100);
  await page.viewport(1200, Math.min(4000, document.documentElement.scrollHeight));
  await page.screenshot({ path: `${inject('storybookArtifacts')}/${story.id}.png` });
});
