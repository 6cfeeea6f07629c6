import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { NotificationView } from '@gridops/contracts';
import { CurrentUser, NotificationsService, ZodPipe, badRequest, type Principal } from '@gridops/server';

const markReadSchema = z.strictObject({ ids: z.array(z.string().regex(/^\d{1,18}$/)).min(1).max(200) });

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  mine(@CurrentUser() user: Principal, @Query('unread') unread?: string): Promise<NotificationView[]> {
    if (unread !== undefined && unread !== 'true' && unread !== 'false') throw badRequest('unread must be true or false');
    return this.notifications.mine(user.id, unread === 'true');
  }

  @Post('read')
  @HttpCode(200)
  async read(@CurrentUser() user: Principal, @Body(new ZodPipe(markReadSchema)) body: z.infer<typeof markReadSchema>): Promise<{ marked: number }> {
    return { marked: await this.notifications.markRead(user.id, body.ids) };
  }
}
