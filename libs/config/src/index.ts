export * from './environment';
export * from './config.module';
export * from './logging.module';
