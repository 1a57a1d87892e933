// The workflow bundle's entry: deterministic workflow code only (no I/O, no Node built-ins).
export * from './activity-lifecycle/activity-lifecycle.workflow';
export * from './notifications/deliver-notification.workflow';
export * from './notifications/weekly-digest.workflow';
export * from './plan-import/plan-import.workflow';
