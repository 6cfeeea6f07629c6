export * from './roles';
export * from './districts';
export * from './sources';
export * from './calendar/calendar.types';
export * from './calendar/working-calendar';
export * from './calendar/traffic-light';
export * from './geo/point-in-polygon';
export * from './workflow';
