export * from './point-in-polygon';
export * from './gcj02';
