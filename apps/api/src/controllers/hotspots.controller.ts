import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { hotspotListQuerySchema, openSpecialCaseSchema, type CaseLinks, type HotspotDetail, type HotspotList, type HotspotListQuery, type OpenSpecialCaseRequest, type SpecialCaseResult } from '@gridops/contracts';
import { CurrentUser, HotspotsService, Roles, ZodPipe, actorOf, type Principal } from '@gridops/server';
import { jsonSchema } from '../bootstrap/openapi';

/** 高发点位: the same category reported again and again at one place (docs/board.md, "Hotspots"). */
@ApiTags('hotspots')
@ApiBearerAuth()
@Controller('hotspots')
export class HotspotsController {
  constructor(private readonly hotspots: HotspotsService) {}

  @Get()
  @Roles('operator', 'shift_lead', 'supervisor', 'admin')
  list(@Query(new ZodPipe(hotspotListQuerySchema)) q: HotspotListQuery, @CurrentUser() user: Principal): Promise<HotspotList> {
    return this.hotspots.list(q, actorOf(user));
  }

  @Get(':id')
  @Roles('operator', 'shift_lead', 'supervisor', 'admin')
  get(@Param('id') id: string, @CurrentUser() user: Principal): Promise<HotspotDetail> {
    return this.hotspots.get(id, actorOf(user));
  }

  /** 专项: 201 with the new root-cause case; 200 with the hotspot's open one when it has one already. */
  @Post(':id/special')
  @Roles('shift_lead')
  @ApiBody({ schema: jsonSchema(openSpecialCaseSchema) })
  async openSpecial(
    @Param('id') id: string,
    @Body(new ZodPipe(openSpecialCaseSchema)) body: OpenSpecialCaseRequest,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SpecialCaseResult> {
    const result = await this.hotspots.openSpecial(id, actorOf(user), { name: user.displayName, principal: `user:${user.id}` }, body.note);
    void reply.status(result.created ? 201 : 200);
    return result;
  }
}

/** A case's 专项 links, both ways: the root-cause case it is a repeat of, or the repeats it links. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CaseLinksController {
  constructor(private readonly hotspots: HotspotsService) {}

  @Get(':id/links')
  links(@Param('id') id: string, @CurrentUser() user: Principal): Promise<CaseLinks> {
    return this.hotspots.links(id, actorOf(user));
  }
}
