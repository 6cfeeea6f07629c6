import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, LoadingOutlined, MinusCircleOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Progress, Table, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, type CaseSummary, type CaseView } from '@gridops/contracts';
import { caseKeys } from '@gridops/live-client';
import { api } from '../../api/http';
import { useLabels } from '../../i18n/labels';
import { decodeAssignee } from '../cases/action-form-spec';
import { AssigneeSelect } from '../cases/AssigneeSelect';
import { runBulkDispatch, type BulkRow, type BulkStatus } from './bulk-dispatch';
import './messages';

const ICONS: Record<BulkStatus, ReactNode> = {
  pending: <MinusCircleOutlined style={{ color: '#bfbfbf' }} />,
  running: <LoadingOutlined style={{ color: '#1668dc' }} />,
  done: <CheckCircleFilled style={{ color: '#52c41a' }} />,
  conflict: <ExclamationCircleFilled style={{ color: '#faad14' }} />,
  failed: <CloseCircleFilled style={{ color: '#f5222d' }} />,
};

interface BulkDispatchModalProps {
  open: boolean;
  cases: CaseSummary[];
  onClose: (dispatchedIds: string[]) => void;
}

/** 批量派遣: one assignee for the selected cases, dispatched one by one, with each row's own result. */
export function BulkDispatchModal({ open, cases, onClose }: BulkDispatchModalProps) {
  const { t } = useTranslation('desk');
  const labels = useLabels();
  const qc = useQueryClient();
  const [assignee, setAssignee] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const [rows, setRows] = useState<BulkRow[] | null>(null);
  const [running, setRunning] = useState(false);
  const districts = [...new Set(cases.map((c) => c.districtCode))];
  const district = districts.length === 1 ? districts[0] : null;

  const start = async () => {
    const target = decodeAssignee(assignee);
    if (!target) return;
    setRunning(true);
    await runBulkDispatch(
      cases.map((c) => ({ id: c.id, number: c.number, version: c.version })),
      { assignee: target, note },
      async (id, body) => {
        const view = await api<CaseView>(`/cases/${id}/actions/dispatch`, { method: 'POST', body });
        qc.setQueryData(caseKeys.detail(id), view);
        return view;
      },
      (id) => qc.fetchQuery({ queryKey: caseKeys.detail(id), queryFn: () => api<CaseView>(`/cases/${id}`), staleTime: 0 }),
      setRows,
    );
    setRunning(false);
    void qc.invalidateQueries({ queryKey: caseKeys.lists() });
  };

  const close = () => {
    const done = (rows ?? []).filter((r) => r.status === 'done').map((r) => r.id);
    setRows(null);
    setAssignee(undefined);
    setNote('');
    onClose(done);
  };

  const finished = rows !== null && !running;
  const ok = rows?.filter((r) => r.status === 'done').length ?? 0;
  const progressed = rows?.filter((r) => r.status !== 'pending' && r.status !== 'running').length ?? 0;

  return (
    <Modal
      open={open}
      title={t('bulk.title', { n: cases.length })}
      onCancel={running ? undefined : close}
      closable={!running}
      mask={{ closable: false }}
      width={640}
      destroyOnHidden
      footer={
        rows === null ? (
          <>
            <Button onClick={close}>{t('action.cancel', { ns: 'common' })}</Button>
            <Button type="primary" disabled={!assignee} onClick={() => void start()} data-testid="bulk-start">
              {t('bulk.start')}
            </Button>
          </>
        ) : (
          <Button type="primary" disabled={running} onClick={close} data-testid="bulk-close">
            {t('bulk.close')}
          </Button>
        )
      }
      data-testid="bulk-dispatch"
    >
      {rows === null ? (
        <Form layout="vertical">
          {!district && <Alert type="info" showIcon title={t('bulk.mixedDistricts')} style={{ marginBottom: 12 }} />}
          <Form.Item label={t('bulk.assignee')} required>
            <AssigneeSelect value={assignee} onChange={setAssignee} districtCode={district} autoFocus />
          </Form.Item>
          <Form.Item label={t('bulk.note')}>
            <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={LIMITS.note} autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {cases.map((c) => c.number).join('、')}
          </Typography.Text>
        </Form>
      ) : (
        <>
          <Progress percent={Math.round((progressed / rows.length) * 100)} size="small" status={running ? 'active' : ok === rows.length ? 'success' : 'normal'} />
          <Typography.Paragraph strong style={{ margin: '8px 0' }} data-testid="bulk-summary">
            {finished ? t('bulk.finished', { ok, failed: rows.length - ok }) : t('bulk.running', { done: progressed, n: rows.length })}
          </Typography.Paragraph>
          <Table<BulkRow>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={rows}
            scroll={{ y: 320 }}
            columns={[
              { key: 'icon', width: 32, render: (_, r) => ICONS[r.status] },
              { key: 'number', width: 170, render: (_, r) => <Typography.Text code>{r.number}</Typography.Text> },
              {
                key: 'result',
                render: (_, r) =>
                  r.status === 'conflict' ? (
                    <span data-testid="bulk-row-conflict">{t('bulk.conflictHint', { state: r.stateNow ? labels.state(r.stateNow) : '—' })}</span>
                  ) : r.status === 'failed' && r.error ? (
                    <span data-testid="bulk-row-failed">{t(`error.${r.error.key}`, { ns: 'cases', message: r.error.message })}</span>
                  ) : (
                    <span data-testid={`bulk-row-${r.status}`}>{t(`bulk.status.${r.status}`)}</span>
                  ),
              },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
