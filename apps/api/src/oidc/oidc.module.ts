import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { AuthModule } from '../auth/auth.module';
import { AuditModule } from '../audit/audit.module';
import { AgreementsModule } from '../agreements/agreements.module';
import { OidcController } from './oidc.controller';
import { OidcService } from './oidc.service';

/** Sign-in through the parties' own identity providers (OpenID Connect); see oidc.service.ts. */
@Module({ imports: [DatabaseModule, AuthModule, AuditModule, AgreementsModule], controllers: [OidcController], providers: [OidcService] })
export class OidcModule {}
