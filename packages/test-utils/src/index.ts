export * from './catalog';
export * from './chromium';
export * from './redis-server';
