import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { openMapQuerySchema, type OpenMap, type OpenMapQuery } from '@gridops/contracts';
import { CurrentUser, OpenMapService, ReplayWindow, ZodPipe, actorOf, type Principal } from '@gridops/server';

/** Every open case the caller may see, compact, for the board's map (a static route: it wins over /cases/:id). */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class OpenMapController {
  constructor(
    private readonly map: OpenMapService,
    private readonly replay: ReplayWindow,
  ) {}

  /** `at`: 回放, the open cases as they were then. */
  @Get('open-map')
  async openMap(@Query(new ZodPipe(openMapQuerySchema)) q: OpenMapQuery, @CurrentUser() user: Principal): Promise<OpenMap> {
    if (q.at) return this.map.replay(actorOf(user), q.district, await this.replay.rowsAt(q.at));
    return this.map.openMap(actorOf(user), q.district);
  }
}
