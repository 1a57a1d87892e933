import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { Environment } from '@app/config';
import { DatabaseModule } from '@app/database';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';

@Module({
  imports: [
    DatabaseModule,
    JwtModule.register({}),
    // Used by POST /api/auth/login only: SIGN_IN_ATTEMPTS_PER_MINUTE per client address, over all accounts.
    ThrottlerModule.forRootAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({
        throttlers: [{ ttl: 60_000, limit: env.SIGN_IN_ATTEMPTS_PER_MINUTE }],
        errorMessage: (_context, limit) =>
          `Too many sign-in attempts from your address (at most ${limit.limit} a minute); try again in ${limit.timeToBlockExpire} second(s).`,
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
