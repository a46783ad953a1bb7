import { afterEach, expect, inject } from 'vitest';
import { page } from 'vitest/browser';
import { fullHeight, horizontalOverflow, settled, targetProblems, undocumentedParts } from './visual-review';

declare module 'vitest' {
  interface ProvidedContext {
    /** Absolute directory for the screenshots (.artifacts/storybook, gitignored), set in vitest.config.ts. */
    storybookArtifacts: string;
  }
}

/** What @storybook/addon-vitest puts on the test context: the composed story that just ran. */
interface StoryContext {
  story?: { id: string; parameters: { anatomy?: { parts: ReadonlyArray<{ name: string }> } } };
}

const widths = { mobile: 390, desktop: 1200 } as const;

function canvas(): Element {
  return document.querySelector('[data-plankit-story="canvas"]') ?? document.body;
}

/** Fits the viewport to the story (measured in a short one, since the canvas is at least one viewport tall). */
async function fitViewport(width: number): Promise<void> {
  await page.viewport(width, 100);
  await page.viewport(width, fullHeight());
}

async function shoot(name: string): Promise<void> {
  // JPEG: a third of PNG's encoding time on a tall page, and plenty for a review.
  await page.screenshot({
    path: `${inject('storybookArtifacts')}/${name}.jpeg`,
    type: 'jpeg',
    quality: 80,
  } as never);
}

// Every story, once settled, in the page it ran in (no re-render): every part it renders is on its component's
// docs page (parameters.anatomy, from anatomy-docs.tsx); at 390 px nothing overflows and every target
// is 24 px or more without overlaps; a screenshot at 390 px and one at desktop width, <id>--<width>.jpeg.
// The story's own locale and theme: the Overview stories (every-locale-and-theme.stories.tsx) are the main
// screens in every locale and theme, so that matrix is a set of stories, checked and shot like any other.
afterEach(async (context) => {
  const { story } = context as typeof context & StoryContext;
  if (!story || context.task.result?.state === 'fail') return;
  await settled(canvas(), story.id);
  const anatomy = story.parameters.anatomy;
  if (anatomy) {
    const documented = anatomy.parts.map((part) => part.name);
    expect
      .soft(undocumentedParts(canvas(), documented), `${story.id}: parts missing on its docs page`)
      .toEqual([]);
  }
  await fitViewport(widths.mobile);
  expect.soft(horizontalOverflow(canvas()), `${story.id} at 390 px`).toEqual([]);
  expect.soft(targetProblems(canvas()), `${story.id} targets at 390 px`).toEqual([]);
  await shoot(`${story.id}--mobile`);
  await fitViewport(widths.desktop);
  await shoot(`${story.id}--desktop`);
});
