import type { Decorator, Preview } from '@storybook/react-vite';
import '../packages/react/src/styles.css';
import { type StoryCurrency, storyCurrencies } from '../packages/react/src/stories-support/currency';
import * as spies from '../packages/react/src/stories-support/spies';
import {
  StoryHarness,
  type StoryLocale,
  type StoryTheme,
  storyLocales,
} from '../packages/react/src/stories-support/story-harness';
import type { StoryBilling } from '../packages/react/src/stories-support/story-server';

const localeNames: Record<StoryLocale, string> = {
  en: 'English',
  de: 'Deutsch',
  it: 'Italiano',
  id: 'Bahasa Indonesia',
};
const currencyNames: Record<StoryCurrency, string> = {
  usd: 'USD ($, cents)',
  eur: 'EUR (€, cents)',
  jpy: 'JPY (¥, zero-decimal)',
};

// Every story runs inside the kit's provider with the toolbar's locale, theme and currency, a fresh
// QueryClient and story server (the key remounts both for each story and each change of a global),
// and `parameters.billing` as the server's answers.
const withPlankit: Decorator = (Story, context) => {
  const locale = context.globals.locale as StoryLocale;
  const theme = context.globals.theme as StoryTheme;
  const currency = context.globals.currency as StoryCurrency;
  const billing = (context.parameters.billing ?? {}) as StoryBilling;
  return (
    <StoryHarness
      key={`${context.id}:${locale}:${theme}:${currency}`}
      billing={billing}
      locale={locale}
      theme={theme}
      currency={currency}
    >
      <Story />
    </StoryHarness>
  );
};

const preview: Preview = {
  parameters: {
    a11y: { test: 'error' },
    controls: { expanded: true },
    layout: 'fullscreen',
  },
  globalTypes: {
    locale: {
      description: 'Language of the kit’s messages, numbers and dates',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        items: Object.keys(storyLocales).map((value) => ({
          value,
          title: localeNames[value as StoryLocale],
        })),
        dynamicTitle: true,
      },
    },
    theme: {
      description: 'The default theme’s light or dark palette',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
        ],
        dynamicTitle: true,
      },
    },
    currency: {
      description: 'Currency of every price (JPY has no minor unit)',
      toolbar: {
        title: 'Currency',
        icon: 'credit',
        items: storyCurrencies.map((value) => ({ value, title: currencyNames[value] })),
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: 'en', theme: 'light', currency: 'usd' },
  decorators: [withPlankit],
  beforeEach() {
    spies.navigate.mockClear();
    spies.request.mockClear();
  },
  tags: ['autodocs'],
};

export default preview;
