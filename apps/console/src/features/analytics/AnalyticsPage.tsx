import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, DatePicker, Row, Select, Space, Statistic, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KPI_TARGET, type AnalyticsRankRow, type AnalyticsStats } from '@gridops/contracts';
import { DISTRICT_CODES, type DistrictCode } from '@gridops/domain';
import { api } from '../../api/http';
import { useMeRequired } from '../../auth/AuthProvider';
import { useLabels } from '../../i18n/labels';
import { formatMinutes, formatRate, rateTone } from './analytics-format';
import { ExportButton } from '../exports/ExportButton';
import { TrendChart } from './TrendChart';
import './messages';
import { townTime } from '../../ui/town-time';
import { Link } from 'react-router';
import { drillHref, type DeskFilters } from '../desk/desk-filters';
import { HotspotList } from '../hotspots/HotspotList';

const TONE_COLOR = { good: '#389e0d', warn: '#d48806', bad: '#cf1322', none: undefined } as const;
type RankTab = 'districts' | 'gridCells' | 'workers' | 'units' | 'categories';
const fmt = (d: Dayjs) => d.format('YYYY-MM-DD');
/** The measure (docs/kpis.md) each total counts, for its drill-down. */
const TOTAL_MEASURE = { reported: 'new', filed: 'filed', handled: 'handled', closed: 'closed', open: 'open_now', overdueOpen: 'overdue_open', suspended: 'suspended_now', escalated: 'escalated' } as const;

/** 统计考核: what supervisors read — rates against the 90% target, durations, trends and rankings for any period. */
export default function AnalyticsPage() {
  const { t } = useTranslation('analytics');
  const labels = useLabels();
  const me = useMeRequired();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([townTime().startOf('month'), townTime()]);
  const [district, setDistrict] = useState<DistrictCode | undefined>(me.districtCode ?? undefined);
  const [tab, setTab] = useState<RankTab | 'sources'>('districts');
  const query = { from: fmt(range[0]), to: fmt(range[1]), district };
  const stats = useQuery({ queryKey: ['stats', 'analytics', query], queryFn: () => api<AnalyticsStats>('/stats/analytics', { query }) });
  const data = stats.data;
  // every figure opens the cases it counts (the desk, with the same definition and window: its total is the figure)
  const drill = (kpi: string, n: number | string, extra: Partial<DeskFilters> = {}) => (
    <Link to={drillHref({ kpi, kpiFrom: query.from, kpiTo: query.to, district: district ? [district] : [], ...extra })}>{n}</Link>
  );
  const ROW_FILTER: Record<RankTab, (code: string) => Partial<DeskFilters>> = {
    districts: (code) => ({ district: [code as DistrictCode] }),
    gridCells: (code) => ({ grid: [code] }),
    workers: (code) => ({ person: code }),
    units: (code) => ({ unit: code }),
    categories: (code) => ({ category: [code] }),
  };
  const rowDrill = (kpi: string) => (v: number, r: AnalyticsRankRow) =>
    tab === 'sources' ? v : drill(kpi, v, ROW_FILTER[tab](r.code));

  // the server counts days on Shanghai's calendar, so "today" is Shanghai's today whatever this computer's zone
  const presets = [
    { label: t('presets.today'), value: [townTime().startOf('day'), townTime()] as [Dayjs, Dayjs] },
    { label: t('presets.week'), value: [townTime().subtract(6, 'day'), townTime()] as [Dayjs, Dayjs] },
    { label: t('presets.month'), value: [townTime().startOf('month'), townTime()] as [Dayjs, Dayjs] },
    { label: t('presets.lastMonth'), value: [townTime().subtract(1, 'month').startOf('month'), townTime().subtract(1, 'month').endOf('month')] as [Dayjs, Dayjs] },
    { label: t('presets.quarter'), value: [townTime().subtract(89, 'day'), townTime()] as [Dayjs, Dayjs] },
  ];

  const rowName = (r: AnalyticsRankRow) => labels.name(r.nameZh, r.nameEn);
  const columns = ((): ColumnsType<AnalyticsRankRow> => {
    const rate = (v: number | null) => <span style={{ color: TONE_COLOR[rateTone(v, KPI_TARGET)] }}>{formatRate(v)}</span>;
    const cols: ColumnsType<AnalyticsRankRow> = [
      { title: t('cols.rank'), dataIndex: 'rank', width: 64, sorter: (a, b) => a.rank - b.rank, defaultSortOrder: 'ascend' },
      { title: t('cols.name'), key: 'name', render: (_, r) => rowName(r) },
    ];
    if (tab === 'gridCells' || tab === 'workers') cols.push({ title: t('cols.district'), key: 'district', render: (_, r) => labels.district(r.districtCode) });
    cols.push(
      { title: t('cols.reported'), dataIndex: 'reported', align: 'right', sorter: (a, b) => a.reported - b.reported, render: rowDrill('new') },
      { title: t('cols.handled'), dataIndex: 'handled', align: 'right', sorter: (a, b) => a.handled - b.handled, render: rowDrill('handled') },
      { title: t('cols.closed'), dataIndex: 'closed', align: 'right', sorter: (a, b) => a.closed - b.closed, render: rowDrill('closed') },
      { title: t('cols.onTimeRate'), dataIndex: 'onTimeRate', align: 'right', render: rate, sorter: (a, b) => (a.onTimeRate ?? -1) - (b.onTimeRate ?? -1) },
      { title: t('cols.closureRate'), dataIndex: 'closureRate', align: 'right', render: rate, sorter: (a, b) => (a.closureRate ?? -1) - (b.closureRate ?? -1) },
      { title: t('cols.overdue'), dataIndex: 'overdue', align: 'right', sorter: (a, b) => a.overdue - b.overdue, render: (v: number, r) => <span style={{ color: v ? '#cf1322' : undefined }}>{rowDrill('became_overdue')(v, r)}</span> },
      { title: t('cols.returns'), dataIndex: 'returns', align: 'right', sorter: (a, b) => a.returns - b.returns },
      { title: t('cols.reworks'), dataIndex: 'reworks', align: 'right', sorter: (a, b) => a.reworks - b.reworks },
      { title: t('cols.meanHandling'), dataIndex: 'meanHandlingMinutes', align: 'right', render: (v: number | null) => formatMinutes(v, labels.lang) },
      { title: t('cols.score'), dataIndex: 'score', align: 'right', render: (v: number | null) => (v === null ? '—' : v.toFixed(1)), sorter: (a, b) => (a.score ?? -1) - (b.score ?? -1) },
    );
    return cols;
  })();

  // a rate with its base, "57 / 60": numerator and base each open their cases
  const rateCards: { key: keyof AnalyticsStats['rates']; lowerIsBetter?: boolean; base?: [number, number, string, string] }[] = data
    ? [
        { key: 'onTimeRate', base: [data.bases.closedOnTime, data.bases.dueToClose, 'due_on_time', 'due'] },
        { key: 'grassRootsRate', base: [data.bases.grassRootsSolved, data.bases.grassRootsBase, 'gr_solved', 'gr_base'] },
        { key: 'closureRate', base: [data.bases.closed, data.bases.dueToClose, 'due_closed', 'due'] },
        { key: 'resolutionRate' },
        { key: 'reworkRate', lowerIsBetter: true, base: [data.bases.reworked, data.bases.handled, 'reworked', 'handled'] },
        { key: 'returnRate', lowerIsBetter: true },
      ]
    : [];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="analytics-page">
      <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('title')}</Typography.Title>
        <Space wrap>
          <DatePicker.RangePicker
            value={range}
            presets={presets}
            allowClear={false}
            disabledDate={(d) => fmt(d) > fmt(townTime())}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          />
          <Select<DistrictCode | 'all'>
            style={{ width: 140 }}
            value={district ?? 'all'}
            disabled={!!me.districtCode}
            onChange={(v) => setDistrict(v === 'all' ? undefined : v)}
            options={[{ value: 'all', label: t('allTown') }, ...DISTRICT_CODES.map((d) => ({ value: d, label: labels.district(d) }))]}
            aria-label={t('district')}
          />
        </Space>
      </Space>
      {stats.isError && <Alert type="error" showIcon title={(stats.error as Error).message} />}
      <Row gutter={[12, 12]}>
        {rateCards.map(({ key, lowerIsBetter, base }) => {
          const v = data?.rates[key] ?? null;
          const target = lowerIsBetter ? 0.1 : KPI_TARGET;
          return (
            <Col key={key} xs={12} md={8} xl={4}>
              <Card size="small" loading={stats.isLoading}>
                <Statistic title={t(`rates.${key}`)} value={formatRate(v)} styles={{ content: { color: TONE_COLOR[rateTone(v, target, lowerIsBetter)] } }} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {base ? <>{drill(base[2], base[0])} / {drill(base[3], base[1])}</> : ''} {!lowerIsBetter && key !== 'resolutionRate' ? t('target', { v: formatRate(KPI_TARGET) }) : ''}
                </Typography.Text>
              </Card>
            </Col>
          );
        })}
      </Row>
      {data && (
        <Row gutter={[12, 12]}>
          <Col xs={24} xl={16}>
            <Card size="small" title={t('trend.title')} extra={<ExportButton path="/stats/analytics/export" query={{ ...query, table: 'trend' }} testId="trend-export" />}>
              <TrendChart trend={data.trend} />
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            <Card size="small">
              <Row gutter={[8, 16]}>
                {(['reported', 'filed', 'handled', 'closed', 'open', 'overdueOpen', 'suspended', 'escalated'] as const).map((k) => (
                  <Col span={6} key={k}>
                    <Statistic
                      title={t(`totals.${k}`)}
                      value={data.totals[k]}
                      formatter={(v) => drill(TOTAL_MEASURE[k], String(v))}
                      styles={{ content: { fontSize: 20, color: k === 'overdueOpen' && data.totals[k] ? '#cf1322' : undefined } }}
                    />
                  </Col>
                ))}
                {(['timeToAccept', 'timeToHandle', 'timeToClose'] as const).map((k) => (
                  <Col span={8} key={k}>
                    <Statistic title={t(`durations.${k}`)} value={formatMinutes(data[k].meanMinutes, labels.lang)} styles={{ content: { fontSize: 18 } }} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('durations.median')} {formatMinutes(data[k].medianMinutes, labels.lang)} · {t('durations.count', { n: data[k].count })}
                    </Typography.Text>
                  </Col>
                ))}
              </Row>
            </Card>
          </Col>
        </Row>
      )}
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as RankTab)}
          tabBarExtraContent={<ExportButton path="/stats/analytics/export" query={{ ...query, table: tab }} disabled={!data} testId="analytics-export" />}
          items={[
            ...(['districts', 'gridCells', 'workers', 'units', 'categories'] as const).map((k) => ({
              key: k,
              label: t(`tabs.${k}`),
              children: <Table<AnalyticsRankRow> rowKey="code" size="small" loading={stats.isLoading} dataSource={data?.[k] ?? []} columns={columns} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 900 }} />,
            })),
            {
              key: 'sources',
              label: t('tabs.sources'),
              children: (
                <Table
                  rowKey="source"
                  size="small"
                  pagination={false}
                  dataSource={data?.sources ?? []}
                  columns={[
                    { title: t('cols.source'), dataIndex: 'source', render: (s: string) => labels.source(s) },
                    { title: t('cols.reported'), dataIndex: 'reported', align: 'right' },
                    { title: t('cols.closed'), dataIndex: 'closed', align: 'right' },
                  ]}
                />
              ),
            },
          ]}
        />
      </Card>
      <HotspotList />
    </Space>
  );
}
