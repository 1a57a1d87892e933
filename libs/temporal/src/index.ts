// The API side of Temporal. The worker side (bundling, the worker, the steps) is imported from
// '@app/temporal/lifecycle-worker' so that the API never loads the worker's native runtime.
export * from './lifecycle-client';
export * from './notification-mail-client';
export * from './temporal-client.service';
export * from './temporal.module';
export * from './weekly-digest-schedule';
export * from './follow-up-revision';
