import { Empty, Image, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AttachmentView, CaseEventView } from '@gridops/contracts';
import { useLabels } from '../../i18n/labels';
import { eventNoteText } from '../../ui/event-note';
import { StateTag } from '../../ui/StateTag';
import { useCaseNames } from './useCaseNames';
import './messages';
import { townTime } from '../../ui/town-time';

const COLORS: Record<string, string> = {
  report: 'blue', dispatch: 'blue', handle: 'green', 'self-dispose': 'green', 'check-pass': 'green', close: 'green',
  'check-fail': 'red', void: 'gray', merge: 'gray', urge: 'red', escalate: 'red', 'request-return': 'orange',
  'request-extension': 'orange', 'request-suspend': 'orange', comment: 'gray',
};

interface CaseTimelineProps {
  timeline: CaseEventView[];
  attachments?: AttachmentView[];
  /** newest first (the drawer); the case file and its print read oldest first */
  newestFirst?: boolean;
}

/** 流转记录: every step of the case — who (name and role), when, from → to, note, what it carried, photos. */
export function CaseTimeline({ timeline, attachments = [], newestFirst = false }: CaseTimelineProps) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const names = useCaseNames();
  if (timeline.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('timeline.empty')} />;
  const events = newestFirst ? [...timeline].reverse() : timeline;
  const photosOf = (e: CaseEventView) => attachments.filter((a) => a.eventSeq === e.seq || (e.attachmentIds ?? []).includes(a.id));

  const details = (e: CaseEventView): string[] => {
    const p = e.payload ?? {};
    const out: string[] = [];
    const assignee = p.assignee as { userId?: string; unitCode?: string } | undefined;
    if (assignee?.userId) out.push(t('timeline.detail', { label: t('field.assignee'), value: names.user(assignee.userId) }));
    if (assignee?.unitCode) out.push(t('timeline.detail', { label: t('field.assignee'), value: names.unit(assignee.unitCode) }));
    if (typeof p.reasonCode === 'string') out.push(t('timeline.detail', { label: t('action.label.reasonCode'), value: t(`reason.${p.reasonCode}`) }));
    if (e.type === 'file' && typeof p.categoryCode === 'string') out.push(`${names.category(p.categoryCode)} · ${String(p.priority ?? '')}${p.urgent ? ` · ${t('flag.urgent')}` : ''}`);
    if (typeof p.dueAt === 'string') out.push(t('timeline.detail', { label: t('action.label.dueAt'), value: townTime(p.dueAt).format('YYYY-MM-DD HH:mm') }));
    if (typeof p.handlingDueAt === 'string' && e.type !== 'file') out.push(t('timeline.detail', { label: t('deadline.handling'), value: townTime(p.handlingDueAt).format('YYYY-MM-DD HH:mm') }));
    if (typeof p.checkerUserId === 'string') out.push(t('timeline.detail', { label: t('field.checker'), value: names.user(p.checkerUserId) }));
    if (typeof p.satisfied === 'boolean') out.push(p.satisfied ? t('callback.satisfied') : t('callback.dissatisfied'));
    return out;
  };

  return (
    <Timeline
      className="case-timeline"
      data-testid="case-timeline"
      items={events.map((e) => {
        const photos = photosOf(e);
        const moved = e.fromState !== null && e.fromState !== e.toState;
        const note = eventNoteText(e, labels.lang);
        return {
          key: e.seq,
          color: COLORS[e.type] ?? 'blue',
          content: (
            <div className="timeline-event" data-testid="timeline-event" data-type={e.type}>
              <Space size={6} wrap style={{ lineHeight: '20px' }}>
                <Typography.Text strong>{e.type === 'report' ? t('event.report') : labels.action(e.type)}</Typography.Text>
                <Typography.Text type="secondary">
                  {e.actor.role === 'system' ? t('timeline.system') : `${e.actor.name} · ${labels.role(e.actor.role)}`}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }} title={townTime(e.at).format('YYYY-MM-DD HH:mm:ss')}>
                  {townTime(e.at).format('MM-DD HH:mm')}
                </Typography.Text>
                {moved && e.fromState && (
                  <span>
                    <StateTag state={e.fromState} />→ <StateTag state={e.toState} />
                  </span>
                )}
              </Space>
              {note && <div className="timeline-note">{note}</div>}
              {details(e).map((d) => (
                <Tag key={d} variant="filled" style={{ marginTop: 4 }}>{d}</Tag>
              ))}
              {photos.length > 0 && (
                <div className="timeline-photos">
                  <Image.PreviewGroup>
                    {photos.map((a) => (
                      <Image key={a.id} src={a.thumbUrl} preview={{ src: a.url }} width={56} height={56} style={{ objectFit: 'cover', borderRadius: 4 }} alt={t(`photos.kind.${a.kind}`)} />
                    ))}
                  </Image.PreviewGroup>
                </div>
              )}
            </div>
          ),
        };
      })}
    />
  );
}
