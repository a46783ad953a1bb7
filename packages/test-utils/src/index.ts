export * from './catalog';
export * from './chromium';
export * from './pay-checkout';
export * from './postgres-server';
export * from './redis-server';
export * from './timed';
