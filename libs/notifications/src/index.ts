export * from './mailer';
export * from './notification-writer';
export * from './notification.steps';
export * from './swedish-texts';
