import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { actionRequestSchemas, listCasesQuerySchema, nearbyCasesQuerySchema, type CasePage, type CaseView, type NearbyCase } from '@gridops/contracts';
import { isCaseAction } from '@gridops/domain';
import { CaseQueryService, CaseRefusedError, CaseTransitionService, CurrentUser, ZodPipe, actorOf, notFound, parseOr400, type Principal } from '@gridops/server';
import type { z } from 'zod';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CaseQueryService,
    private readonly transitions: CaseTransitionService,
  ) {}

  @Get()
  list(@Query(new ZodPipe(listCasesQuerySchema)) query: z.output<typeof listCasesQuerySchema>, @CurrentUser() user: Principal): Promise<CasePage> {
    return this.cases.list(query, actorOf(user));
  }

  /** Possible duplicates (疑似重复) of a report about to be made: open cases of the category around the point, in the caller's scope. */
  @Get('nearby')
  nearby(@Query(new ZodPipe(nearbyCasesQuerySchema)) query: z.output<typeof nearbyCasesQuerySchema>, @CurrentUser() user: Principal): Promise<NearbyCase[]> {
    return this.cases.nearby(query, actorOf(user));
  }

  @Get(':id')
  get(@Param('id') id: string, @CurrentUser() user: Principal): Promise<CaseView> {
    return this.cases.view(id, actorOf(user));
  }

  /** Every change to a case is an action with the version the caller saw: 409 stale, 422 wrong state, 403 not yours. */
  @Post(':id/actions/:action')
  @HttpCode(200)
  @ApiBody({ schema: { type: 'object', required: ['version'], properties: { version: { type: 'integer' } }, additionalProperties: true } })
  async act(@Param('id') id: string, @Param('action') action: string, @Body() body: unknown, @CurrentUser() user: Principal): Promise<CaseView> {
    if (!isCaseAction(action)) throw notFound(`unknown action "${action.slice(0, 40)}"`);
    const input = parseOr400(actionRequestSchemas[action], body);
    const actor = actorOf(user);
    const result = await this.transitions.apply(id, action, { actor, name: user.displayName }, input);
    if (!result.ok) throw new CaseRefusedError(result);
    return this.cases.view(id, actor);
  }
}
