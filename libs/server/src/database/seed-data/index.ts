export * from './geography';
export * from './units';
export * from './categories';
export * from './calendar';
export * from './demo-users';
export * from './demo-api-keys';
export * from './demo-devices';
export * from './addresses';
