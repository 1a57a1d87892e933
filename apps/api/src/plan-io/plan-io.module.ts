import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { TemporalModule } from '@app/temporal';
import { AgreementsModule } from '../agreements/agreements.module';
import { PlanIoController } from './plan-io.controller';
import { PlanIoService } from './plan-io.service';

@Module({
  imports: [DatabaseModule, AgreementsModule, TemporalModule],
  controllers: [PlanIoController],
  providers: [PlanIoService],
})
export class PlanIoModule {}
