export * from './catalog';
export * from './chromium';
export * from './pay-checkout';
export * from './redis-server';
export * from './timed';
