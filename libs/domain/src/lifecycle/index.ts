export * from './deadlines';
export * from './follow-up-settings';
export * from './lifecycle-state';
export * from './cadence';
export * from './follow-up-revision';
