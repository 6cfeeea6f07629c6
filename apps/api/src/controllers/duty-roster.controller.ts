import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { localDate, putRosterDaySchema, rosterQuerySchema, type DutyRosterView, type PutRosterDayRequest, type RosterDay, type RosterQuery } from '@gridops/contracts';
import { CurrentUser, DutyRosterService, Roles, ZodPipe, actorOf, parseOr400, type Principal } from '@gridops/server';
import { jsonSchema } from '../bootstrap/openapi';

/** 值班表: the desk reads who is on duty; admins and shift leads plan it. */
@ApiTags('duty-roster')
@ApiBearerAuth()
@Controller('duty-roster')
export class DutyRosterController {
  constructor(private readonly roster: DutyRosterService) {}

  @Get()
  @Roles('admin', 'shift_lead', 'operator', 'supervisor')
  read(@Query(new ZodPipe(rosterQuerySchema)) q: RosterQuery, @CurrentUser() user: Principal): Promise<DutyRosterView> {
    return this.roster.read(q, actorOf(user));
  }

  @Put(':date')
  @Roles('admin', 'shift_lead')
  @ApiBody({ schema: jsonSchema(putRosterDaySchema) })
  put(@Param('date') date: string, @Body(new ZodPipe(putRosterDaySchema)) body: PutRosterDayRequest, @CurrentUser() user: Principal): Promise<RosterDay> {
    return this.roster.putDay(parseOr400(localDate, date, 'date'), body, actorOf(user));
  }
}
