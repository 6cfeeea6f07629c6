export * from './calendar.types';
export * from './working-calendar';
export * from './traffic-light';
export * from './town-time';
