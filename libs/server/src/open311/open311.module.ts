import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { DirectoryModule } from '../directory/directory.module';
import { IntakeModule } from '../intake/intake.module';
import { Open311Location } from './open311-location';
import { Open311MediaService } from './open311-media.service';
import { Open311Service } from './open311.service';

/** Open311 GeoReport v2 (api side): services, service definitions, requests, tokens, discovery. */
@Module({
  imports: [DirectoryModule, IntakeModule, AttachmentsModule],
  providers: [Open311Service, Open311Location, Open311MediaService],
  exports: [Open311Service],
})
export class Open311Module {}
