import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DirectoryModule } from '../directory/directory.module';
import { IntakeModule } from '../intake/intake.module';
import { SuggestModule } from '../suggest/suggest.module';
import { HotlineImportService } from './hotline-import.service';
import { HotlineMappingsService } from './hotline-mappings.service';

/** 12345 hotline import: saved column mappings and the import itself (api only). */
@Module({
  imports: [DirectoryModule, CasesModule, IntakeModule, SuggestModule],
  providers: [HotlineMappingsService, HotlineImportService],
  exports: [HotlineMappingsService, HotlineImportService],
})
export class HotlineModule {}
