import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { StatsModule } from '../stats/stats.module';
import { AnalyticsExportService } from './analytics-export.service';
import { CaseExportService } from './case-export.service';
import { ExportSlots } from './export-slots';

/** 导出: case lists and analytics tables as CSV / XLSX, streamed (docs/api.md "Exports"). */
@Module({
  imports: [DirectoryModule, StatsModule],
  providers: [ExportSlots, CaseExportService, AnalyticsExportService],
  exports: [CaseExportService, AnalyticsExportService],
})
export class ExportsModule {}
