/**
 * @plankit/core: the wire contract between Plankit's React kit and its server.
 * Constants and types are free of zod; the schemas live in their own modules so browser bundles can drop them.
 */
export * from './errors';
export * from './flows';
export * from './intervals';
export * from './limits';
export {
  type AddOnTexts,
  type CatalogLocales,
  matchCatalogLocale,
  type PlanTexts,
  type Translations,
} from './plan-translations';
export * from './plans';
export * from './reasons';
export * from './route-paths';
export * from './routes';
export * from './schemas/cancellation';
export * from './schemas/catalog';
export * from './schemas/checkout';
export * from './schemas/error-body';
export * from './schemas/plan-change';
export * from './schemas/portal';
export * from './schemas/primitives';
export * from './schemas/subscription';
export * from './schemas/sync';
export * from './statuses';
export type * from './types';
