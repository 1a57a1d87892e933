export * from './entities';
export * from './data-source';
export * from './migrate';
export * from './database.module';
export * from './seed/seed.service';
export * from './seed/agreement-seed';
export * from './seed/demo-staff';
export * from './queries/activity-read.sql';
