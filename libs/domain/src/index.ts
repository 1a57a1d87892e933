export * from './activity-status';
export * from './calendar-date';
export * from './phase-kind';
export * from './phase-plan';
export * from './user-role';
