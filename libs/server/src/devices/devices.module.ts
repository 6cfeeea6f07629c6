import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DirectoryModule } from '../directory/directory.module';
import { IntakeModule } from '../intake/intake.module';
import { AlarmIngestService } from './alarm-ingest.service';
import { AlarmsQueryService } from './alarms-query.service';
import { DevicesService } from './devices.service';

/** 物联感知: the device registry and the alarm ingest (api side; the intake job merges racing alarms). */
@Module({
  imports: [DirectoryModule, CasesModule, IntakeModule],
  providers: [DevicesService, AlarmIngestService, AlarmsQueryService],
  exports: [DevicesService, AlarmIngestService, AlarmsQueryService],
})
export class DevicesModule {}
