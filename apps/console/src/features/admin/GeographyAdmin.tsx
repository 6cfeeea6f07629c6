import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, InputNumber, Popconfirm, Select, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GeographyApplyResult, GeographyCellView, GeographyDryRunReport, GeographyIssueView, GeographyRetiredCellView, GeographyVersionView, GeographyVersionsView } from '@gridops/contracts';
import { GEOGRAPHY_LIMITS, type GeographyCoordinateSystem } from '@gridops/domain';
import { api } from '../../api/http';
import { useLabels } from '../../i18n/labels';
import { townTime } from '../../ui/town-time';
import './geography-messages';

/** The server bounds the file too (GEOGRAPHY_IMPORT_MAX_BYTES); this stops an obviously wrong file before it travels. */
const MAX_BYTES = 5 * 1024 * 1024;
const CHANGE_COLOR = { added: 'green', redrawn: 'blue', unchanged: 'default' } as const;
const versionsKey = ['admin', 'geography', 'versions'] as const;

/** 地理底图: upload the town's real 片区 and 网格 outlines, read the dry run's findings per feature, apply. */
export function GeographyAdmin() {
  const { t } = useTranslation('geography');
  const { lang } = useLabels();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [coordinateSystem, setCoordinateSystem] = useState<GeographyCoordinateSystem>('wgs84');
  const [toleranceM2, setToleranceM2] = useState<number>(GEOGRAPHY_LIMITS.defaultToleranceM2);
  const [report, setReport] = useState<GeographyDryRunReport | null>(null);
  const versions = useQuery({ queryKey: versionsKey, queryFn: () => api<GeographyVersionsView>('/admin/geography/versions') });

  const form = (checksum?: string) => {
    if (!file) throw new Error(t('pick'));
    const f = new FormData();
    f.append('coordinateSystem', coordinateSystem);
    f.append('toleranceM2', String(toleranceM2));
    if (checksum) f.append('checksum', checksum);
    f.append('file', file, file.name);
    return f;
  };
  const dryRun = useMutation({
    mutationFn: () => api<GeographyDryRunReport>('/admin/geography/dry-run', { method: 'POST', form: form() }),
    onSuccess: setReport,
    onError: (e) => void message.error((e as Error).message),
  });
  const apply = useMutation({
    mutationFn: (checksum: string) => api<GeographyApplyResult>('/admin/geography/apply', { method: 'POST', form: form(checksum) }),
    onSuccess: (r) => {
      setReport(null);
      void message.success(t('applied', { id: r.version.id }));
      void qc.invalidateQueries({ queryKey: versionsKey });
      // every screen of this console reads the new outlines
      void qc.invalidateQueries({ queryKey: ['directory'] });
    },
    onError: (e) => void message.error((e as Error).message),
  });
  const reset = () => setReport(null);

  const issueText = (i: GeographyIssueView) =>
    lang === 'en' ? i.message : t(`issue.${i.code}`, { defaultValue: i.message, featureCode: i.featureCode ?? '', otherCode: i.otherCode ?? '', area: i.areaM2?.toLocaleString('zh-CN') ?? '' });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="geography-admin">
      <Alert type="info" showIcon title={t('hint')} />
      <Card size="small">
        <Space wrap>
          <Upload
            accept=".geojson,.json,application/geo+json,application/json"
            maxCount={1}
            beforeUpload={(f) => {
              if (f.size > MAX_BYTES) {
                void message.error('> 5 MiB');
                return Upload.LIST_IGNORE;
              }
              setFile(f);
              reset();
              return false;
            }}
            onRemove={() => (setFile(null), reset())}
          >
            <Button icon={<UploadOutlined />} data-testid="geography-pick">{t('pick')}</Button>
          </Upload>
          <span>{t('coordinateSystem')}</span>
          <Select<GeographyCoordinateSystem>
            style={{ width: 190 }}
            value={coordinateSystem}
            onChange={(v) => (setCoordinateSystem(v), reset())}
            options={(['wgs84', 'gcj02'] as const).map((v) => ({ value: v, label: t(`cs.${v}`) }))}
            aria-label={t('coordinateSystem')}
          />
          <span>{t('tolerance')}</span>
          <InputNumber
            min={0}
            max={GEOGRAPHY_LIMITS.maxToleranceM2}
            value={toleranceM2}
            onChange={(v) => (setToleranceM2(v ?? 0), reset())}
            controls={false}
            style={{ width: 110 }}
            aria-label={t('tolerance')}
          />
          <Button disabled={!file} loading={dryRun.isPending} onClick={() => dryRun.mutate()} data-testid="geography-dry-run">{t('dryRun')}</Button>
          <Popconfirm title={t('confirmApply')} disabled={!report?.canApply} onConfirm={() => report && apply.mutate(report.checksum)}>
            <Button type="primary" disabled={!file || !report?.canApply} loading={apply.isPending} data-testid="geography-apply">{t('apply')}</Button>
          </Popconfirm>
        </Space>
      </Card>

      {report && (
        <Card size="small" title={report.sourceName} data-testid="geography-report">
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Alert type={report.canApply ? 'success' : 'error'} showIcon title={report.canApply ? t('canApply') : t('cannotApply', { n: report.counts.errors })} />
            <Space size="large" wrap>
              {(['districts', 'cells', 'added', 'redrawn', 'retired', 'errors', 'warnings'] as const).map((k) => (
                <Statistic key={k} title={t(`counts.${k}`)} value={report.counts[k]} styles={{ content: { color: k === 'errors' && report.counts.errors ? '#cf1322' : undefined } }} />
              ))}
            </Space>
            <Typography.Title level={5} style={{ margin: 0 }}>{t('issuesTitle')}</Typography.Title>
            <Table<GeographyIssueView>
              rowKey={(_, i) => String(i)}
              size="small"
              dataSource={report.issues}
              locale={{ emptyText: t('noIssues') }}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              columns={[
                { title: t('cols.severity'), dataIndex: 'severity', width: 80, render: (s: 'error' | 'warning') => <Tag color={s === 'error' ? 'red' : 'orange'}>{t(`severity.${s}`)}</Tag> },
                { title: t('cols.feature'), key: 'feature', width: 150, render: (_, i) => [i.feature !== undefined ? `#${i.feature}` : '', i.featureCode ?? ''].filter(Boolean).join(' ') || '—' },
                {
                  title: t('cols.problem'),
                  key: 'problem',
                  render: (_, i) => (
                    <div>
                      <div>{issueText(i)}</div>
                      {lang !== 'en' && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{i.message}</Typography.Text>}
                    </div>
                  ),
                },
              ]}
            />
            {report.retiredCells.length > 0 && (
              <>
                <Typography.Title level={5} style={{ margin: 0 }}>{t('retiredTitle')}</Typography.Title>
                <Table<GeographyRetiredCellView>
                  rowKey="code"
                  size="small"
                  dataSource={report.retiredCells}
                  pagination={false}
                  columns={[
                    { title: t('cols.code'), dataIndex: 'code' },
                    { title: t('cols.name'), dataIndex: 'nameZh' },
                    { title: t('cols.district'), dataIndex: 'districtCode' },
                    { title: t('cols.cases'), key: 'cases', align: 'right', render: (_, r) => `${r.cases} (${r.openCases})` },
                    { title: t('cols.devices'), dataIndex: 'devices', align: 'right' },
                    { title: t('cols.roster'), dataIndex: 'rosterEntries', align: 'right' },
                  ]}
                />
              </>
            )}
            <Typography.Title level={5} style={{ margin: 0 }}>{t('cellsTitle')}</Typography.Title>
            <Table<GeographyCellView>
              rowKey="code"
              size="small"
              dataSource={report.cells}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                { title: t('cols.code'), dataIndex: 'code' },
                { title: t('cols.name'), key: 'name', render: (_, c) => (lang === 'en' ? c.nameEn : c.nameZh) },
                { title: t('cols.district'), dataIndex: 'districtCode' },
                { title: t('cols.area'), dataIndex: 'areaM2', align: 'right', render: (a: number) => Math.round(a).toLocaleString('zh-CN') },
                { title: t('cols.change'), dataIndex: 'change', render: (c: GeographyCellView['change']) => <Tag color={CHANGE_COLOR[c]}>{t(`change.${c}`)}</Tag> },
              ]}
            />
          </Space>
        </Card>
      )}

      <Card size="small" title={`${t('versions')} · ${versions.data?.current ? t('current', { id: versions.data.current }) : t('seed')}`} data-testid="geography-versions">
        <Table<GeographyVersionView>
          rowKey="id"
          size="small"
          loading={versions.isLoading}
          dataSource={versions.data?.versions ?? []}
          pagination={false}
          columns={[
            { title: '#', dataIndex: 'id', width: 60 },
            { title: t('when'), dataIndex: 'appliedAt', render: (d: string) => townTime(d).format('YYYY-MM-DD HH:mm') },
            { title: t('file'), dataIndex: 'sourceName' },
            { title: t('by'), dataIndex: 'appliedByName' },
            { title: t('coordinateSystem'), dataIndex: 'coordinateSystem', render: (c: GeographyCoordinateSystem) => t(`cs.${c}`) },
            { title: t('counts.cells'), key: 'cells', align: 'right', render: (_, v) => v.summary.cells },
            { title: t('counts.added'), key: 'added', align: 'right', render: (_, v) => v.summary.added },
            { title: t('counts.retired'), key: 'retired', align: 'right', render: (_, v) => v.summary.retired },
          ]}
        />
      </Card>
    </Space>
  );
}
