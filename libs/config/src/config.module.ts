import { Global, Module } from '@nestjs/common';
import { Environment, validateEnvironment } from './environment';

/**
 * Provides the validated {@link Environment}. Validation runs when the module is loaded, so a bad
 * variable stops the application before anything connects anywhere.
 */
@Global()
@Module({
  providers: [{ provide: Environment, useFactory: () => validateEnvironment(process.env) }],
  exports: [Environment],
})
export class ConfigModule {}
