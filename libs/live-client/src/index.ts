export * from './query-keys';
export * from './case-filters';
export * from './case-cache';
export * from './live-client';
export * from './resume-point';
