import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Image, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DETECTION_STATUSES, type DetectionStatus, type DetectionView, type Page } from '@gridops/contracts';
import { api } from '../../api/http';
import { useMeRequired } from '../../auth/AuthProvider';
import { useLabels } from '../../i18n/labels';
import { useCaseNames } from '../cases/useCaseNames';
import { errorText } from '../admin/form-errors';
import { townTime } from '../../ui/town-time';
import './messages';

const STATUS_COLOR: Record<DetectionStatus, string> = { pending: 'gold', filed: 'green', merged: 'blue', confirmed: 'green', rejected: 'default' };
/** Who decides (the API checks again): the desk. Admins and supervisors read. */
const DECIDERS = ['operator', 'shift_lead'];
/** One-click reasons for a false alarm (误报), in the messages under `quickReasons`. */
const QUICK_REASONS = ['shadow', 'normal', 'nothing', 'repeat'] as const;

/**
 * 视频AI识别确认: the video platform's doubtful detections (below their category's threshold) wait here with their
 * snapshot; the desk confirms (a case, through the same intake as any report) or rejects them (kept, never a case).
 */
export default function VideoQueuePage() {
  const { t } = useTranslation('video');
  const labels = useLabels();
  const names = useCaseNames();
  const me = useMeRequired();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [status, setStatus] = useState<DetectionStatus>('pending');
  const [rejecting, setRejecting] = useState<DetectionView | null>(null);
  const [reason, setReason] = useState('');
  const query = { status, limit: 100 };
  const list = useQuery({
    queryKey: ['video', 'detections', query],
    queryFn: () => api<Page<DetectionView>>('/video/detections', { query }),
    refetchInterval: 15_000,
  });
  const mayDecide = DECIDERS.includes(me.role);

  const decide = useMutation({
    mutationFn: (v: { id: string; verdict: 'confirm' | 'reject'; reason?: string }) =>
      api<DetectionView>(`/video/detections/${v.id}/${v.verdict}`, { method: 'POST', body: v.verdict === 'reject' ? { reason: v.reason } : undefined }),
    onSuccess: (d) => {
      void qc.invalidateQueries({ queryKey: ['video', 'detections'] });
      if (d.status === 'rejected') void message.success(t('rejected'));
      else void message.success(t(d.status === 'merged' ? 'merged' : 'confirmed', { number: d.case?.number ?? '' }));
      setRejecting(null);
      setReason('');
    },
    onError: (e) => {
      void message.error(errorText(e));
      void qc.invalidateQueries({ queryKey: ['video', 'detections'] });
    },
  });

  const quickReasons = QUICK_REASONS.map((k) => t(`quickReasons.${k}`));
  return (
    <div data-testid="video-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>{t('hint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <span data-testid="video-status">
          <Segmented<DetectionStatus> value={status} onChange={setStatus} options={DETECTION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
        </span>
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>{t('refresh')}</Button>
      </Space>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      <Table<DetectionView>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('empty') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('column.snapshot'),
            key: 'snapshot',
            width: 132,
            render: (_, d) => (d.snapshot ? <Image width={120} height={80} style={{ objectFit: 'cover', borderRadius: 4 }} src={d.snapshot.thumbUrl} preview={{ src: d.snapshot.url }} alt={t('column.snapshot')} /> : null),
          },
          {
            title: t('column.camera'),
            key: 'camera',
            render: (_, d) => (
              <Space orientation="vertical" size={0}>
                <span>{d.camera.name}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{d.camera.id}</Typography.Text>
              </Space>
            ),
          },
          { title: t('column.where'), key: 'where', render: (_, d) => `${labels.district(d.camera.districtCode)} · ${names.grid(d.camera.gridCellCode)}` },
          { title: t('column.category'), dataIndex: 'categoryCode', render: (code: string) => names.category(code) },
          {
            title: t('column.confidence'),
            key: 'confidence',
            render: (_, d) => (
              <Space orientation="vertical" size={0}>
                <strong>{`${Math.round(d.confidence * 100)}%`}</strong>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('threshold', { v: `${Math.round(d.threshold * 100)}%` })}</Typography.Text>
              </Space>
            ),
          },
          { title: t('column.detectedAt'), dataIndex: 'detectedAt', render: (at: string) => townTime(at).format('MM-DD HH:mm:ss') },
          ...(status === 'pending'
            ? []
            : [
                {
                  title: t('column.case'),
                  key: 'case',
                  render: (_: unknown, d: DetectionView) => (d.case ? <Link to={`/cases/${d.case.id}`}>{d.case.number}</Link> : <Tag color={STATUS_COLOR[d.status]}>{t(`status.${d.status}`)}</Tag>),
                },
                {
                  title: t('column.decided'),
                  key: 'decided',
                  render: (_: unknown, d: DetectionView) => (
                    <Space orientation="vertical" size={0}>
                      {d.decidedBy && d.decidedAt ? <span>{t('decidedBy', { name: d.decidedBy.name, at: townTime(d.decidedAt).format('MM-DD HH:mm') })}</span> : null}
                      {d.reason ? <Typography.Text type="secondary">{d.reason}</Typography.Text> : null}
                    </Space>
                  ),
                },
              ]),
          ...(status === 'pending' && mayDecide
            ? [
                {
                  title: t('column.actions'),
                  key: 'actions',
                  render: (_: unknown, d: DetectionView) => (
                    <Space>
                      <Button type="primary" size="small" loading={decide.isPending && decide.variables?.id === d.id && decide.variables.verdict === 'confirm'} onClick={() => decide.mutate({ id: d.id, verdict: 'confirm' })}>
                        {t('confirm')}
                      </Button>
                      <Button size="small" danger onClick={() => setRejecting(d)}>{t('reject')}</Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={rejecting !== null}
        title={t('rejectTitle')}
        onCancel={() => setRejecting(null)}
        onOk={() => rejecting && decide.mutate({ id: rejecting.id, verdict: 'reject', reason: reason.trim() })}
        okButtonProps={{ danger: true, disabled: reason.trim().length === 0 }}
        confirmLoading={decide.isPending}
        okText={t('reject')}
        destroyOnHidden
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          {rejecting?.snapshot ? <Image width="100%" src={rejecting.snapshot.url} alt={t('column.snapshot')} preview={false} /> : null}
          <Space wrap>
            {quickReasons.map((r) => (
              <Tag.CheckableTag key={r} checked={reason === r} onChange={() => setReason(r)}>{r}</Tag.CheckableTag>
            ))}
          </Space>
          <Input.TextArea aria-label={t('reason')} placeholder={t('reasonPlaceholder')} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} autoSize={{ minRows: 2 }} />
        </Space>
      </Modal>
    </div>
  );
}
