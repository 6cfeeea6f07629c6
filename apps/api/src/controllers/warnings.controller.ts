import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { listWarningsQuerySchema, warningIdSchema, type Page, type TrendWarningView } from '@gridops/contracts';
import { CurrentUser, Roles, TrendWarningsService, ZodPipe, actorOf, type Principal } from '@gridops/server';
import type { z } from 'zod';

/** 趋势预警: warnings the worker's `trends.detect` raised (docs/kpis.md), in the caller's 片区 scope. */
@ApiTags('warnings')
@ApiBearerAuth()
@Controller('warnings')
export class WarningsController {
  constructor(private readonly warnings: TrendWarningsService) {}

  /** Newest first; `status` open (not yet acknowledged, default) / acknowledged / all; `active=true` only those still raised. */
  @Get()
  @Roles('admin', 'operator', 'shift_lead', 'supervisor', 'grid_worker')
  list(@Query(new ZodPipe(listWarningsQuerySchema)) query: z.output<typeof listWarningsQuerySchema>, @CurrentUser() user: Principal): Promise<Page<TrendWarningView>> {
    return this.warnings.list(query, actorOf(user));
  }

  /** Seen and taken in hand (督办 or 值班长). The first acknowledgement stands; outside the caller's 片区: 404. */
  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('supervisor', 'shift_lead')
  acknowledge(@Param('id', new ZodPipe(warningIdSchema)) id: string, @CurrentUser() user: Principal): Promise<TrendWarningView> {
    return this.warnings.acknowledge(id, actorOf(user));
  }
}
