import { Alert, Button, Card, Segmented, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseSummary, TrendWarningView, WarningStatus } from '@gridops/contracts';
import { DISTRICT_CODES, expectedText, type DistrictCode } from '@gridops/domain';
import { useCaseList } from '../../api/queries';
import { useMeRequired } from '../../auth/AuthProvider';
import { canOpen } from '../../app/home-route';
import { useLabels } from '../../i18n/labels';
import { townTime } from '../../ui/town-time';
import { StateTag } from '../../ui/StateTag';
import { drillHref } from '../desk/desk-filters';
import { ACK_ROLES, useAcknowledgeWarning, useWarnings } from './warnings-api';
import './messages';

const when = (at: string) => townTime(at).format('MM-DD HH:mm');

/**
 * 趋势预警 list (supervisors, shift leads; operators and admins read): the warnings the detection raised, newest
 * first, filtered by status and 片区 — each with its numbers and baseline, 确认 for a supervisor or shift lead, and
 * the cases behind it (the case list over its 片区, category and window; on the desk for those who use it).
 */
export default function WarningsPage() {
  const { t, i18n } = useTranslation('warnings');
  const labels = useLabels();
  const me = useMeRequired();
  const [status, setStatus] = useState<WarningStatus>('open');
  const [district, setDistrict] = useState<DistrictCode | undefined>(me.districtCode ?? undefined);
  const [activeOnly, setActiveOnly] = useState(false);
  const list = useWarnings({ status, limit: 200, ...(district ? { district } : {}), ...(activeOnly ? { active: 'true' } : {}) });
  const ack = useAcknowledgeWarning();
  const canAck = ACK_ROLES.includes(me.role);
  const deskLinks = canOpen(me.role, 'desk');
  const en = i18n.language === 'en';

  const columns: ColumnsType<TrendWarningView> = [
    { title: t('page.raisedAt'), dataIndex: 'raisedAt', width: 120, render: (v: string) => when(v) },
    {
      title: t('page.what'),
      key: 'what',
      render: (_, w) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{en ? w.message.en : w.message.zh}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('page.baseline', { n: w.baselineDays, kind: t(`dayKind.${w.dayKind}`), e: expectedText(w.expected), p: w.pValue.toExponential(1) })}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('page.observed'), dataIndex: 'observed', width: 80, align: 'right' },
    { title: t('page.expected'), key: 'expected', width: 80, align: 'right', render: (_, w) => expectedText(w.expected) },
    {
      title: t('page.state'),
      key: 'state',
      width: 200,
      render: (_, w) => (
        <Space direction="vertical" size={2}>
          {w.clearedAt ? <Tag>{t('page.cleared', { t: when(w.clearedAt) })}</Tag> : <Tag color="orange">{t('page.active')}</Tag>}
          {w.acknowledgedAt && w.acknowledgedBy && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('page.ackBy', { name: w.acknowledgedBy.name, t: when(w.acknowledgedAt) })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '',
      key: 'actions',
      width: 220,
      render: (_, w) => (
        <Space size={8} wrap>
          {canAck && !w.acknowledgedAt && (
            <Button size="small" type="primary" onClick={() => ack.mutate(w.id)} loading={ack.isPending && ack.variables === w.id} data-testid="warning-ack">
              {t('page.acknowledge')}
            </Button>
          )}
          {deskLinks && (
            <Link to={drillHref({ district: [w.casesQuery.district], category: [w.casesQuery.category], from: w.casesQuery.from, to: w.casesQuery.to })}>{t('page.openInDesk')}</Link>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('page.title')}
      data-testid="warnings-page"
      extra={
        <Space size={12} wrap>
          <Segmented<WarningStatus>
            value={status}
            onChange={setStatus}
            options={(['open', 'acknowledged', 'all'] as const).map((s) => ({ value: s, label: t(`page.status.${s}`) }))}
          />
          {!me.districtCode && (
            <Select<DistrictCode | 'all'>
              style={{ width: 140 }}
              value={district ?? 'all'}
              onChange={(v) => setDistrict(v === 'all' ? undefined : v)}
              aria-label={t('page.district')}
              options={[{ value: 'all', label: t('page.allDistricts') }, ...DISTRICT_CODES.map((d) => ({ value: d, label: labels.district(d) }))]}
            />
          )}
          <Space size={6}>
            <Switch size="small" checked={activeOnly} onChange={setActiveOnly} aria-label={t('page.activeOnly')} />
            <Typography.Text>{t('page.activeOnly')}</Typography.Text>
          </Space>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('page.hint')}</Typography.Paragraph>
      {list.isError && <Alert type="error" showIcon title={String((list.error as Error).message)} style={{ marginBottom: 8 }} />}
      <Table<TrendWarningView>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        pagination={false}
        expandable={{ expandedRowRender: (w) => <WarningCases warning={w} />, expandRowByClick: false, columnTitle: t('page.openCases') }}
        locale={{ emptyText: t('none') }}
        scroll={{ x: 900 }}
      />
    </Card>
  );
}

/** The cases behind one warning: the case list over its 片区, category and window, each opening its file. */
function WarningCases({ warning }: { warning: TrendWarningView }) {
  const { t } = useTranslation('warnings');
  const q = warning.casesQuery;
  const cases = useCaseList({ district: q.district, category: q.category, from: q.from, to: q.to, limit: 50 });
  const columns: ColumnsType<CaseSummary> = [
    { title: t('page.number'), dataIndex: 'number', width: 190, render: (v: string, c) => <Link to={`/cases/${c.id}`}>{v}</Link> },
    { title: t('page.reportedAt'), dataIndex: 'reportedAt', width: 120, render: (v: string) => when(v) },
    { title: t('page.caseState'), dataIndex: 'state', width: 120, render: (s: CaseSummary['state']) => <StateTag state={s} /> },
    { title: t('page.address'), dataIndex: 'address', ellipsis: { showTitle: true } },
  ];
  return (
    <div data-testid="warning-cases">
      <Typography.Text type="secondary">{t('page.casesTitle', { from: when(q.from), to: when(q.to) })}</Typography.Text>
      <Table<CaseSummary> rowKey="id" size="small" loading={cases.isLoading} dataSource={cases.data?.items ?? []} columns={columns} pagination={false} />
    </div>
  );
}
