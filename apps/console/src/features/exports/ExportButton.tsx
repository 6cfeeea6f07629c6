import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Progress, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFormat, ExportLang } from '@gridops/contracts';
import type { RequestOptions } from '../../api/http';
import { downloadExport, type ExportProgress } from './download-export';
import './messages';

const MB = 1024 * 1024;
const size = (bytes: number) => (bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

/**
 * 导出: a CSV / XLSX download of what the screen shows (the server export at `path` with `query`), with a progress
 * bar while it streams in — rows for CSV, bytes for XLSX (compressed: rows cannot be counted as they arrive) — and
 * a cancel button.
 */
export function ExportButton({ path, query, disabled, testId }: { path: string; query: RequestOptions['query']; disabled?: boolean; testId?: string }) {
  const { t, i18n } = useTranslation('exports');
  const { message } = App.useApp();
  const [progress, setProgress] = useState<ExportProgress | 'starting' | null>(null);
  const abort = useRef<AbortController | null>(null);
  const lang: ExportLang = i18n.language === 'en' ? 'en' : 'zh';

  const start = async (format: ExportFormat) => {
    const controller = new AbortController();
    abort.current = controller;
    setProgress('starting');
    try {
      const name = await downloadExport(path, { ...query, format, lang }, setProgress, controller.signal);
      void message.success(t('done', { name }));
    } catch (err) {
      if ((err as Error).name !== 'AbortError') void message.error(t('failed', { message: (err as Error).message }));
    } finally {
      abort.current = null;
      setProgress(null);
    }
  };

  if (progress) {
    const p = progress === 'starting' ? null : progress;
    const percent = p?.rows !== null && p?.rows !== undefined && p.totalRows ? Math.min(99, Math.floor((p.rows / p.totalRows) * 100)) : null;
    const text = !p ? t('preparing') : p.rows !== null ? t('rows', { n: p.rows, total: p.totalRows ?? '?' }) : t('bytes', { size: size(p.bytes), total: p.totalRows ?? '?' });
    return (
      <Space size={8} data-testid={testId ? `${testId}-progress` : undefined}>
        <Progress type="circle" size={20} percent={percent ?? 50} status="active" showInfo={false} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={testId ? `${testId}-progress-text` : undefined}>{text}</Typography.Text>
        <Button size="small" type="link" onClick={() => abort.current?.abort()}>{t('cancel')}</Button>
      </Space>
    );
  }
  return (
    <Dropdown
      disabled={disabled}
      trigger={['click']}
      menu={{
        items: [
          { key: 'csv', label: <span data-testid={testId ? `${testId}-csv` : undefined}>{t('csv')}</span> },
          { key: 'xlsx', label: <span data-testid={testId ? `${testId}-xlsx` : undefined}>{t('xlsx')}</span> },
        ],
        onClick: ({ key }) => void start(key as ExportFormat),
      }}
    >
      <Button size="small" icon={<DownloadOutlined />} data-testid={testId}>{t('export')}</Button>
    </Dropdown>
  );
}
