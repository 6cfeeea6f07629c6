import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { analyticsQuerySchema, boardQuerySchema, type AnalyticsStats, type BoardQuery, type BoardStats } from '@gridops/contracts';
import { AnalyticsService, BoardStatsService, CurrentUser, ReplayWindow, Roles, ZodPipe, actorOf, type Principal } from '@gridops/server';
import type { z } from 'zod';

/** Figures for the live board and analytics (docs/kpis.md says how each is counted). */
@ApiTags('stats')
@ApiBearerAuth()
@Controller('stats')
export class StatsController {
  constructor(
    private readonly board: BoardStatsService,
    private readonly analyticsService: AnalyticsService,
    private readonly replay: ReplayWindow,
  ) {}

  /** Everyone signed in; a 片区-bound caller gets its own 片区 (naming another is 403). `at`: 回放, the board then. */
  @Get('board')
  async boardStats(@Query(new ZodPipe(boardQuerySchema)) q: BoardQuery, @CurrentUser() user: Principal): Promise<BoardStats> {
    if (q.at) return this.board.replay(actorOf(user), q.district, await this.replay.rowsAt(q.at));
    return this.board.board(actorOf(user), q.district);
  }

  @Get('analytics')
  @Roles('supervisor', 'shift_lead', 'admin', 'operator')
  analytics(@Query(new ZodPipe(analyticsQuerySchema)) q: z.output<typeof analyticsQuerySchema>, @CurrentUser() user: Principal): Promise<AnalyticsStats> {
    return this.analyticsService.analytics(q, actorOf(user));
  }
}
