import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { DirectoryModule } from '../directory/directory.module';
import { CaseQueryService } from './case-query.service';
import { CaseTransitionService } from './case-transition.service';
import { CaseActionPlanner } from './case-action-planner';
import { CaseWriter } from './case-writer';
import { CaseSnapshots } from './case-snapshots';

@Module({
  imports: [DirectoryModule, AttachmentsModule],
  providers: [CaseQueryService, CaseActionPlanner, CaseWriter, CaseTransitionService, CaseSnapshots],
  exports: [CaseQueryService, CaseWriter, CaseTransitionService, CaseSnapshots],
})
export class CasesModule {}
