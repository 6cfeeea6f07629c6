export * from './rest/common';
export * from './rest/auth';
export * from './rest/reports';
export * from './rest/actions';
export * from './rest/cases';
export * from './rest/directory';
export * from './jobs/job-catalogue';
export * from './realtime/live-events';
