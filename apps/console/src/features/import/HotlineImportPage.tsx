import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Select, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { HotlineImportResult, HotlineImportRowResult, HotlineImportSummary, HotlineMappingView, HotlineRowStatus, Page } from '@gridops/contracts';
import { api } from '../../api/http';
import { useLabels } from '../../i18n/labels';
import { useCategories } from '../../api/queries';
import './messages';
import { townTime } from '../../ui/town-time';

const STATUS_COLOR: Record<HotlineRowStatus, string> = { created: 'green', merged: 'blue', unchanged: 'default', refused: 'red' };
/** The server bounds the file too; this stops an obviously wrong file before it travels. */
const MAX_BYTES = 10 * 1024 * 1024;

/** 12345 工单导入: upload the hotline export, dry-run it row by row, then import — idempotent on 工单号. */
export default function HotlineImportPage() {
  const { t } = useTranslation('import');
  const labels = useLabels();
  const { lang } = labels;
  const categories = useCategories();
  const categoryName = (code: string) => {
    const c = categories.data?.find((x) => x.code === code);
    return c ? labels.name(c.nameZh, c.nameEn) : code;
  };
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [mappingId, setMappingId] = useState<string | undefined>();
  const [result, setResult] = useState<HotlineImportResult | null>(null);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const mappings = useQuery({ queryKey: ['hotline', 'mappings'], queryFn: () => api<HotlineMappingView[]>('/hotline-import-mappings') });
  const history = useQuery({ queryKey: ['hotline', 'imports'], queryFn: () => api<Page<HotlineImportSummary>>('/hotline-imports', { query: { limit: 20 } }) });

  const run = useMutation({
    mutationFn: (dryRun: boolean) => {
      if (!file) throw new Error(t('pick'));
      const form = new FormData();
      form.append('file', file, file.name);
      return api<HotlineImportResult>('/hotline-imports', { method: 'POST', form, query: { dryRun, mappingId } });
    },
    onSuccess: (r) => {
      setResult(r);
      if (!r.dryRun) {
        void qc.invalidateQueries({ queryKey: ['hotline', 'imports'] });
        void message.success(t('done', { ...r.counts }));
      }
    },
    onError: (e) => void message.error((e as Error).message),
  });

  // the preview carries the model's top 3 per row (docs/suggestions.md); no model → no column
  const suggested = !!result?.dryRun && result.rows.some((r) => (r.suggestions ?? []).length > 0);
  const rows = (result?.rows ?? []).filter((r) => !onlyProblems || r.errors.length > 0 || r.warnings.length > 0);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="import-page">
      <Typography.Title level={3} style={{ margin: 0 }}>{t('title')}</Typography.Title>
      <Alert type="info" showIcon title={t('hint')} />
      <Card size="small">
        <Space wrap>
          <Upload
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            maxCount={1}
            beforeUpload={(f) => {
              if (f.size > MAX_BYTES) {
                void message.error('> 10 MiB');
                return Upload.LIST_IGNORE;
              }
              setFile(f);
              setResult(null);
              return false;
            }}
            onRemove={() => (setFile(null), setResult(null))}
          >
            <Button icon={<UploadOutlined />} data-testid="import-pick">{t('pick')}</Button>
          </Upload>
          <Select
            style={{ width: 220 }}
            placeholder={t('mapping')}
            value={mappingId}
            allowClear
            onChange={setMappingId}
            options={(mappings.data ?? []).map((m) => ({ value: m.id, label: `${m.name}${m.isDefault ? ` (${t('defaultMapping')})` : ''}` }))}
          />
          <Button disabled={!file} loading={run.isPending && run.variables} onClick={() => run.mutate(true)} data-testid="import-dry-run">{t('dryRun')}</Button>
          <Button type="primary" disabled={!file || !result?.dryRun} loading={run.isPending && !run.variables} onClick={() => run.mutate(false)} data-testid="import-run">{t('run')}</Button>
        </Space>
      </Card>
      {result && (
        <Card size="small" title={`${result.fileName ?? ''} · ${result.dryRun ? t('dry') : townTime(result.finishedAt).format('HH:mm:ss')}`} data-testid="import-result">
          <Space size="large" wrap style={{ marginBottom: 12 }}>
            {(['total', 'created', 'merged', 'unchanged', 'refused'] as const).map((k) => (
              <Statistic key={k} title={t(`counts.${k}`)} value={result.counts[k]} styles={{ content: { color: k === 'refused' && result.counts.refused ? '#cf1322' : undefined } }} />
            ))}
            <Checkbox checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)}>{t('onlyProblems')}</Checkbox>
          </Space>
          <Table<HotlineImportRowResult>
            rowKey="row"
            size="small"
            dataSource={rows}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            columns={[
              { title: t('cols.row'), dataIndex: 'row', width: 60 },
              { title: t('cols.ref'), dataIndex: 'externalRef' },
              { title: t('cols.status'), dataIndex: 'status', render: (s: HotlineRowStatus) => <Tag color={STATUS_COLOR[s]}>{t(`status.${s}`)}</Tag> },
              { title: t('cols.case'), key: 'case', render: (_, r) => (r.caseId ? <Link to={`/cases/${r.caseId}`}>{r.caseNumber}</Link> : '—') },
              { title: t('cols.located'), dataIndex: 'locatedBy', render: (l: 'coordinates' | 'library' | 'address' | null) => (l ? t(`located.${l}`) : '—') },
              ...(suggested
                ? [
                    {
                      title: t('cols.suggested'),
                      key: 'suggested',
                      render: (_: unknown, r: HotlineImportRowResult) =>
                        (r.suggestions ?? []).length === 0
                          ? '—'
                          : (r.suggestions ?? []).map((s) => (
                              <div key={s.code} data-testid="import-suggestion">
                                {categoryName(s.code)} <Typography.Text type="secondary">{s.code} · {Math.round(s.confidence * 100)}%</Typography.Text>
                              </div>
                            )),
                    },
                  ]
                : []),
              {
                title: t('cols.problems'),
                key: 'problems',
                render: (_, r) => [...r.errors, ...r.warnings].map((p, i) => (
                  <div key={i} style={{ color: r.errors.includes(p) ? '#cf1322' : '#d48806' }}>{lang === 'en' ? p.messageEn : p.message}</div>
                )),
              },
            ]}
          />
        </Card>
      )}
      <Card size="small" title={t('history')}>
        <Table<HotlineImportSummary>
          rowKey={(r) => r.id ?? r.startedAt}
          size="small"
          loading={history.isLoading}
          dataSource={history.data?.items ?? []}
          pagination={false}
          columns={[
            { title: t('when'), dataIndex: 'finishedAt', render: (d: string) => townTime(d).format('YYYY-MM-DD HH:mm') },
            { title: t('file'), dataIndex: 'fileName' },
            { title: t('by'), key: 'by', render: (_, r) => r.importedBy.name },
            ...(['total', 'created', 'merged', 'unchanged', 'refused'] as const).map((k) => ({ title: t(`counts.${k}`), key: k, align: 'right' as const, render: (_: unknown, r: HotlineImportSummary) => r.counts[k] })),
          ]}
        />
      </Card>
    </Space>
  );
}
