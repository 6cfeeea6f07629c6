import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { CasesModule } from '../cases/cases.module';
import { DirectoryModule } from '../directory/directory.module';
import { IntakeModule } from '../intake/intake.module';
import { CamerasService } from './cameras.service';
import { VideoFiling } from './video-filing';
import { VideoIngestService } from './video-ingest.service';
import { VideoReviewService } from './video-review.service';

/** 视频AI: the camera registry, the detection ingest and the desk's confirmation queue (api side). */
@Module({
  imports: [DirectoryModule, CasesModule, IntakeModule, AttachmentsModule],
  providers: [CamerasService, VideoFiling, VideoIngestService, VideoReviewService],
  exports: [CamerasService, VideoIngestService, VideoReviewService],
})
export class VideoModule {}
