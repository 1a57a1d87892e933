import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { AgreementsModule } from '../agreements/agreements.module';
import { PublicController } from './public.controller';
import { PublicService } from './public.service';

@Module({ imports: [DatabaseModule, AgreementsModule], controllers: [PublicController], providers: [PublicService] })
export class PublicModule {}
