import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { AgreementsModule } from '../agreements/agreements.module';
import { AuditModule } from '../audit/audit.module';
import { PasswordController, PeopleController } from './people.controller';
import { PeopleService } from './people.service';

@Module({ imports: [DatabaseModule, AuditModule, AgreementsModule], controllers: [PeopleController, PasswordController], providers: [PeopleService] })
export class PeopleModule {}
