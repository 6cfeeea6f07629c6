import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { calendarQuerySchema, localDate, putCalendarDaySchema, type CalendarDayResult, type CalendarQuery, type CalendarYearView, type PutCalendarDayRequest } from '@gridops/contracts';
import { townDateOf } from '@gridops/domain';
import { CalendarAdminService, Roles, ZodPipe, parseOr400 } from '@gridops/server';
import { jsonSchema } from '../bootstrap/openapi';

/** The working calendar (工作日历): everyone may read it (deadlines follow it); admins edit holidays and 调休. */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarAdminService) {}

  @Get()
  year(@Query(new ZodPipe(calendarQuerySchema)) q: CalendarQuery): Promise<CalendarYearView> {
    const year = q.year ?? Number(townDateOf(new Date()).slice(0, 4));
    return this.calendar.year(year);
  }

  @Put('days/:date')
  @Roles('admin')
  @ApiBody({ schema: jsonSchema(putCalendarDaySchema) })
  putDay(@Param('date') date: string, @Body(new ZodPipe(putCalendarDaySchema)) body: PutCalendarDayRequest): Promise<CalendarDayResult> {
    return this.calendar.putDay(parseOr400(localDate, date, 'date'), body);
  }
}
