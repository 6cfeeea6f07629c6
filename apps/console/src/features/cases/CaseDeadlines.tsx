import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '@gridops/contracts';
import { HANDLING_CLOCK_STATES } from '@gridops/domain';
import { Countdown } from '../../ui/Countdown';
import { LightDot } from '../../ui/StateTag';
import './messages';
import { townTime } from '../../ui/town-time';

const at = (iso: string | null) => (iso ? townTime(iso).format('YYYY-MM-DD HH:mm') : '—');
const MILESTONES = ['reportedAt', 'filedAt', 'dispatchedAt', 'acceptedAt', 'handledAt', 'checkedAt', 'closedAt'] as const;

/** The running clock with a live countdown, the step and handling deadlines, and when each milestone was reached. */
export function CaseDeadlines({ c, showMilestones = true }: { c: CaseDetail; showMilestones?: boolean }) {
  const { t } = useTranslation('cases');
  const handlingRuns = HANDLING_CLOCK_STATES.includes(c.state);
  const clock = c.clockDueAt ? (
    <span className="case-clock" data-testid="case-clock">
      <LightDot light={c.light} /> <Countdown dueAt={c.clockDueAt} yellowAt={c.clockYellowAt} light={c.light} />
      <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>{at(c.clockDueAt)}</Typography.Text>
    </span>
  ) : (
    <Typography.Text type="secondary">{c.state === 'SUSPENDED' ? t('deadline.suspended') : t('deadline.none')}</Typography.Text>
  );
  const items = [
    { key: 'clock', label: t('deadline.clock'), children: clock, span: 2 },
    // the step deadline is worth its own line only when it is not the clock shown above
    ...(c.stepDueAt && !handlingRuns && c.stepDueAt !== c.clockDueAt ? [{ key: 'step', label: t('deadline.step'), children: at(c.stepDueAt) }] : []),
    ...(c.handlingDueAt ? [{ key: 'handling', label: t('deadline.handling'), children: at(c.handlingDueAt) }] : []),
    ...(c.requestedDueAt ? [{ key: 'requested', label: t('field.requestedDueAt'), children: at(c.requestedDueAt) }] : []),
  ];
  const reached = MILESTONES.filter((m) => c.milestones[m]);
  return (
    <>
      <Descriptions size="small" column={2} items={items} data-testid="case-deadlines" />
      {showMilestones && (
        <div className="case-milestones">
          {reached.map((m) => (
            <span key={m} className="case-milestone">
              <Typography.Text type="secondary">{t(`milestone.${m}`)}</Typography.Text> {townTime(c.milestones[m]).format('MM-DD HH:mm')}
            </span>
          ))}
        </div>
      )}
    </>
  );
}
