import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { createReportSchema, idempotencyKeySchema, type CaseDetail, type CreateReportRequest } from '@gridops/contracts';
import { CaseQueryService, CurrentUser, IntakeService, Roles, ZodPipe, actorOf, parseOr400, toDetail, type Principal } from '@gridops/server';
import { jsonSchema } from '../bootstrap/openapi';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly intake: IntakeService,
    private readonly cases: CaseQueryService,
  ) {}

  /** 上报. 201 with the case; a repeated Idempotency-Key answers the first case again (Idempotent-Replayed: true). */
  @Post()
  @Roles('operator', 'shift_lead', 'grid_worker', 'admin')
  @ApiBody({ schema: jsonSchema(createReportSchema) })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'any printable ASCII up to 128 characters' })
  async create(
    @Body(new ZodPipe(createReportSchema)) body: CreateReportRequest,
    @Headers('idempotency-key') rawKey: string | undefined,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseDetail> {
    const key = rawKey === undefined ? undefined : (parseOr400(idempotencyKeySchema, rawKey, 'Idempotency-Key') as string);
    const actor = actorOf(user);
    const result = await this.intake.report(body, { actor, name: user.displayName, principal: `user:${user.id}` }, key);
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    void reply.status(201);
    // a new case is answered from what was just stored; a replay reads the first one back
    return result.created ? toDetail(result.created, actor.role) : (await this.cases.view(result.caseId, actor)).case;
  }
}
