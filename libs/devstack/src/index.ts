export * from './child-process';
export * from './embedded-postgres';
export * from './free-port';
export * from './process-guard';
export * from './project-root';
export * from './search-permission.util';
export * from './temporal-dev-server';
export * from './tools';
