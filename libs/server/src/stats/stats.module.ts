import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { AnalyticsService } from './analytics.service';
import { BoardStatsService } from './board-stats.service';
import { BoardListsService } from './board-lists.service';
import { OpenMapService } from './open-map.service';
import { KpiCountsService } from './kpi-counts.service';
import { KpiRollupsService } from './kpi-rollups.service';
import { ReplayWindow } from './replay-window';

/** Read-only figures: the live board, the open-case map and analytics (综合评价). */
@Module({
  imports: [DirectoryModule],
  providers: [BoardStatsService, BoardListsService, OpenMapService, AnalyticsService, KpiCountsService, KpiRollupsService, ReplayWindow],
  exports: [BoardStatsService, OpenMapService, AnalyticsService, KpiRollupsService, ReplayWindow],
})
export class StatsModule {}
