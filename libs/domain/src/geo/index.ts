export * from './point-in-polygon';
