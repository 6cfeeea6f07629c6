export * from './test-env';
export * from './test-database';
export * from './wait-for';
export * from './test-worker';
export * from './processes';
export * from './private-redis';
export * from './tcp-proxy';
export * from './row-hold';
