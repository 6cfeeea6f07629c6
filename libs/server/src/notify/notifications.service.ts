import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { NotificationView } from '@gridops/contracts';
import { NotificationEntity } from './notification.entity';


/** A user's own notifications (站内消息): newest first; marking read. */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async mine(userId: string, unreadOnly: boolean, limit = 50): Promise<NotificationView[]> {
    const qb = this.ds.getRepository(NotificationEntity).createQueryBuilder('n').where('n.user_id = :userId', { userId });
    if (unreadOnly) qb.andWhere('n.read_at IS NULL');
    const rows = await qb.orderBy('n.id', 'DESC').take(limit).getMany();
    return rows.map((n) => ({
      id: n.id,
      kind: n.kind,
      caseId: n.caseId,
      params: n.params,
      body: n.body,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
    }));
  }

  async markRead(userId: string, ids: string[]): Promise<number> {
    const res = await this.ds.query(`UPDATE notifications SET read_at = now() WHERE user_id = $1 AND id = ANY($2::bigint[]) AND read_at IS NULL`, [userId, ids]);
    return (res as [unknown, number])[1] ?? 0;
  }
}
