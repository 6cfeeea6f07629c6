import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotificationEntity } from './notification.entity';

export interface NotificationView {
  id: string;
  kind: string;
  caseId: string | null;
  title: string;
  body: string | null;
  createdAt: string;
  readAt: string | null;
}

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
      title: n.title,
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
