/// <reference types="vite/client" />
import { Controls, Description, Primary, Stories, Subtitle, Title } from '@storybook/addon-docs/blocks';
import css from '../styles.css?raw';
import { type Anatomy, anatomyOf, sourcesFrom } from './anatomy';

// Every component source file as text, when Storybook builds (keys like "../components/pricing-table/plan-card.tsx").
const componentSources = import.meta.glob<string>(
  ['../components/**/*.{ts,tsx}', '!../components/**/*.stories.tsx', '!../components/**/*.test.{ts,tsx}'],
  { query: '?raw', import: 'default', eager: true },
);

/**
 * The anatomy of the components in `entries` together (files under components/ without extension): a story
 * that renders another component beside its own sets `parameters.anatomy` to both.
 */
export function anatomyFor(...entries: string[]): Anatomy {
  const sources = entries.flatMap((entry) => sourcesFrom(componentSources, `../components/${entry}.tsx`));
  return anatomyOf([...new Set(sources)], css);
}

/** The Parts, States and Theme variables section of a docs page, from the component's source. */
function AnatomySection({ anatomy }: { anatomy: Anatomy }) {
  return (
    <section data-plankit-docs="anatomy">
      <h2>Parts and states</h2>
      <p>
        Style a part with <code>[data-plankit-part="…"]</code>, a state with <code>[data-state="…"]</code>.
        Both are stable, and this list is read from the component&rsquo;s source when Storybook builds.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">
              <code>data-plankit-part</code>
            </th>
            <th scope="col">
              <code>data-state</code>
            </th>
          </tr>
        </thead>
        <tbody>
          {anatomy.parts.map(({ name, states }) => (
            <tr key={name} data-part={name}>
              <td>{name.startsWith('{') ? `the ${name.slice(1, -1)} prop` : <code>{name}</code>}</td>
              <td>{states.length ? states.map((state) => <code key={state}>{state} </code>) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Theme variables</h2>
      <p>
        The default theme&rsquo;s variables on these parts and on the kit&rsquo;s shared elements (buttons,
        fields). Set them on <code>.plankit</code>; see docs/design-language.md.
      </p>
      <p>
        {anatomy.variables.map((variable) => (
          <code key={variable}>{variable} </code>
        ))}
      </p>
    </section>
  );
}

/**
 * A component's docs page (autodocs' blocks: description, the first story, the props table from react-docgen,
 * every story) with its anatomy, and the anatomy as a parameter for the visual review's check of rendered parts.
 * `entry` is the component's file under components/ without extension ("pricing-table/pricing-table"): its
 * anatomy is read from it and every component file it imports.
 */
export function anatomyParameters(entry: string) {
  const anatomy = anatomyFor(entry);
  return {
    anatomy,
    docs: {
      page: () => (
        <>
          <Title />
          <Subtitle />
          <Description />
          <Primary />
          <Controls />
          <AnatomySection anatomy={anatomy} />
          <Stories />
        </>
      ),
    },
  };
}
