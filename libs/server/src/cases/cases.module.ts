import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { DirectoryModule } from '../directory/directory.module';
import { CaseQueryService } from './case-query.service';
import { CaseTransitionService } from './case-transition.service';
import { CaseActionPlanner } from './case-action-planner';
import { CaseWriter } from './case-writer';

@Module({
  imports: [DirectoryModule, AttachmentsModule],
  providers: [CaseQueryService, CaseActionPlanner, CaseWriter, CaseTransitionService],
  exports: [CaseQueryService, CaseWriter, CaseTransitionService],
})
export class CasesModule {}
