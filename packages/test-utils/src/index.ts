export * from './catalog';
export * from './chromium';
