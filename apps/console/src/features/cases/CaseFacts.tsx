import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseDetail } from '@gridops/contracts';
import { useLabels } from '../../i18n/labels';
import { useCaseNames } from './useCaseNames';
import './messages';
import { townTime } from '../../ui/town-time';

const at = (iso: string | null) => (iso ? townTime(iso).format('YYYY-MM-DD HH:mm') : '—');

/** The facts of a case as a dense two-column list: what, where, who, when, and why it ended if it did. */
export function CaseFacts({ c, column = 2 }: { c: CaseDetail; column?: number }) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const names = useCaseNames();
  const items = [
    { key: 'category', label: t('field.category'), children: `${c.categoryCode} ${names.category(c.categoryCode)}` },
    { key: 'priority', label: t('field.priority'), children: c.priority },
    { key: 'source', label: t('field.source'), children: labels.source(c.source) },
    // grid cell names carry their 片区 (金沙第1网格)
    { key: 'where', label: t('field.grid'), children: names.grid(c.gridCellCode) },
    { key: 'address', label: t('field.address'), children: c.address ?? '—', span: column },
    { key: 'reportedAt', label: t('field.reportedAt'), children: at(c.reportedAt) },
    { key: 'occurredAt', label: t('field.occurredAt'), children: at(c.occurredAt) },
    { key: 'assignee', label: t('field.assignee'), children: names.assignee(c) },
    ...(c.fixerUserId ? [{ key: 'fixer', label: t('field.fixer'), children: names.user(c.fixerUserId) }] : []),
    ...(c.checkerUserId ? [{ key: 'checker', label: t('field.checker'), children: names.user(c.checkerUserId) }] : []),
    ...(c.reporter
      ? [{ key: 'reporter', label: t('field.reporter'), children: [c.reporter.name, c.reporter.phone].filter(Boolean).join(' · ') || '—' }]
      : []),
    { key: 'location', label: t('field.location'), children: `${c.location.lat.toFixed(5)}, ${c.location.lng.toFixed(5)}` },
    ...(c.voidReason ? [{ key: 'void', label: t('field.voidReason'), children: t(`reason.${c.voidReason}`) }] : []),
    ...(c.returnReason ? [{ key: 'return', label: t('field.returnReason'), children: t(`reason.${c.returnReason}`) }] : []),
    ...(c.duplicateOf
      ? [{ key: 'dup', label: t('field.duplicateOf'), children: <Link to={`/cases/${c.duplicateOf}`}>{t('file.openFile')}</Link> }]
      : []),
    ...(c.callbackSatisfied !== null
      ? [{ key: 'callback', label: t('field.callback'), children: c.callbackSatisfied ? t('callback.satisfied') : t('callback.dissatisfied') }]
      : []),
  ];
  return (
    <>
      <Typography.Paragraph className="case-description" data-testid="case-description" style={{ marginBottom: 8, whiteSpace: 'pre-wrap' }}>
        {c.description}
      </Typography.Paragraph>
      <Descriptions size="small" column={column} bordered items={items} styles={{ label: { width: 84, whiteSpace: 'nowrap' } }} data-testid="case-facts" />
    </>
  );
}
