import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { DirectoryModule } from '../directory/directory.module';
import { CaseQueryService } from './case-query.service';
import { CaseTransitionService } from './case-transition.service';

@Module({
  imports: [DirectoryModule, AttachmentsModule],
  providers: [CaseQueryService, CaseTransitionService],
  exports: [CaseQueryService, CaseTransitionService],
})
export class CasesModule {}
