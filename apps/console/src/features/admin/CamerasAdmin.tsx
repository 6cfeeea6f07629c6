import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createCameraSchema, updateCameraSchema, type CameraView, type Page, type ThresholdView } from '@gridops/contracts';
import { api } from '../../api/http';
import { useCategories } from '../../api/queries';
import { useLabels } from '../../i18n/labels';
import { useCaseNames } from '../cases/useCaseNames';
import { errorText, validateWith } from './form-errors';
import { townTime } from '../../ui/town-time';

const FIELDS = ['id', 'name', 'location', 'address', 'categories', 'active'];
/** A camera with more decided detections than this and a rejection rate above HIGH_REJECTION is flagged (误报偏高). */
const HIGH_REJECTION = 0.5;

/**
 * 视频监控点位: the cameras whose detections become cases, what each may report, and how often the desk rejected
 * what it sent (误报率); below them, each category's confidence threshold (below it, detections wait for the desk).
 */
export function CamerasAdmin() {
  const { t } = useTranslation('admin');
  const labels = useLabels();
  const names = useCaseNames();
  const categories = useCategories();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<CameraView | 'new' | null>(null);
  const [form] = Form.useForm();
  const query = { q: q || undefined, limit: 200 };
  const cameras = useQuery({ queryKey: ['admin', 'cameras', query], queryFn: () => api<Page<CameraView>>('/cameras', { query }) });
  const thresholds = useQuery({ queryKey: ['admin', 'video-thresholds'], queryFn: () => api<ThresholdView[]>('/video/thresholds') });
  const categoryOptions = (categories.data ?? []).filter((c) => c.active).map((c) => ({ value: c.code, label: `${c.code} ${labels.name(c.nameZh, c.nameEn)}` }));

  const save = useMutation({
    mutationFn: (v: { id: string; name: string; lat: number; lng: number; address?: string; categories: string[]; active: boolean }) => {
      const body = { id: v.id, name: v.name, location: { lat: v.lat, lng: v.lng }, address: v.address || undefined, categories: v.categories ?? [], active: v.active };
      if (editing === 'new') {
        const { value, general } = validateWith(createCameraSchema, body, form, FIELDS);
        if (!value) throw new Error(general.join('; ') || 'invalid');
        return api('/cameras', { method: 'POST', body: value });
      }
      const { id: _id, ...patch } = { ...body, address: v.address || null };
      const { value, general } = validateWith(updateCameraSchema, patch, form, FIELDS);
      if (!value || !editing) throw new Error(general.join('; ') || 'invalid');
      return api(`/cameras/${encodeURIComponent(editing.id)}`, { method: 'PATCH', body: value });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['admin', 'cameras'] });
      void message.success(t('common.saved'));
      setEditing(null);
    },
    onError: (e) => void message.error(errorText(e)),
  });

  const setThreshold = useMutation({
    mutationFn: (v: { code: string; confirmBelow: number }) => api<ThresholdView>(`/video/thresholds/${v.code}`, { method: 'PUT', body: { confirmBelow: v.confirmBelow } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['admin', 'video-thresholds'] });
      void message.success(t('common.saved'));
    },
    onError: (e) => void message.error(errorText(e)),
  });

  const open = (c: CameraView | 'new') => {
    form.resetFields();
    if (c === 'new') form.setFieldsValue({ active: true, categories: [] });
    else form.setFieldsValue({ ...c, lat: c.location.lat, lng: c.location.lng });
    setEditing(c);
  };
  // the thresholds of the categories some camera reports first, then the rest
  const reported = new Set((cameras.data?.items ?? []).flatMap((c) => c.categories));
  const thresholdRows = [...(thresholds.data ?? [])].sort((a, b) => Number(reported.has(b.categoryCode)) - Number(reported.has(a.categoryCode)) || a.categoryCode.localeCompare(b.categoryCode));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Input.Search allowClear placeholder={t('common.search')} onSearch={setQ} style={{ width: 220 }} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>{t('cameras.create')}</Button>
        </Space>
        {cameras.isError && <Alert type="error" showIcon title={errorText(cameras.error)} />}
        <Table<CameraView>
          rowKey="id"
          size="small"
          loading={cameras.isLoading}
          dataSource={cameras.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('cameras.id'), dataIndex: 'id' },
            { title: t('cameras.name'), dataIndex: 'name' },
            { title: t('cameras.grid'), key: 'grid', render: (_, c) => <span title={c.gridCellCode}>{`${labels.district(c.districtCode)} · ${names.grid(c.gridCellCode)}`}</span> },
            { title: t('cameras.categories'), dataIndex: 'categories', render: (codes: string[]) => <span title={codes.join(', ')}>{codes.map((code) => names.category(code)).join('、')}</span> },
            { title: t('cameras.lastSeen'), dataIndex: 'lastSeenAt', render: (at: string | null) => (at ? townTime(at).format('MM-DD HH:mm') : t('common.none')) },
            {
              title: t('cameras.rejection'),
              key: 'rejection',
              render: (_, c) =>
                c.rejectionRate === null ? (
                  t('common.none')
                ) : (
                  <Tag color={c.rejectionRate > HIGH_REJECTION ? 'red' : c.rejectionRate > 0 ? 'gold' : 'green'}>
                    {t('cameras.rate', { rate: Math.round(c.rejectionRate * 100), rejected: c.rejected, decided: c.decided })}
                  </Tag>
                ),
            },
            { title: t('users.status'), dataIndex: 'active', render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{a ? t('common.active') : t('common.inactive')}</Tag> },
            { title: t('common.actions'), key: 'a', render: (_, c) => <Button size="small" onClick={() => open(c)}>{t('common.edit')}</Button> },
          ]}
        />
      </Space>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>{t('cameras.thresholds')}</Typography.Title>
        <Typography.Text type="secondary">{t('cameras.thresholdHint')}</Typography.Text>
        <Table<ThresholdView>
          rowKey="categoryCode"
          size="small"
          loading={thresholds.isLoading}
          dataSource={thresholdRows}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: t('categories.code'), dataIndex: 'categoryCode' },
            { title: t('categories.name'), dataIndex: 'categoryCode', key: 'name', render: (code: string) => names.category(code) },
            { title: t('cameras.confirmBelow'), key: 'v', render: (_, r) => <ThresholdInput key={`${r.categoryCode}-${r.confirmBelow}`} value={r} onSave={(v) => setThreshold.mutate({ code: r.categoryCode, confirmBelow: v })} saveText={t('common.save')} /> },
            { title: t('cameras.thresholdSet'), dataIndex: 'set', render: (set: boolean) => (set ? t('common.yes') : t('cameras.default')) },
          ]}
        />
      </Space>
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('cameras.create') : t('cameras.editTitle', { id: editing?.id })}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v as never)}>
          <Form.Item name="id" label={t('cameras.id')} rules={[{ required: true }]}><Input disabled={editing !== 'new'} /></Form.Item>
          <Form.Item name="name" label={t('cameras.name')} rules={[{ required: true }]}><Input /></Form.Item>
          <Space>
            <Form.Item name="lat" label={t('devices.lat')} rules={[{ required: true }]}><InputNumber step={0.0001} style={{ width: 160 }} /></Form.Item>
            <Form.Item name="lng" label={t('devices.lng')} rules={[{ required: true }]}><InputNumber step={0.0001} style={{ width: 160 }} /></Form.Item>
          </Space>
          <Form.Item name="address" label={t('devices.address')}><Input /></Form.Item>
          <Form.Item name="categories" label={t('cameras.categories')} rules={[{ required: true }]}><Select mode="multiple" options={categoryOptions} optionFilterProp="label" /></Form.Item>
          <Form.Item name="active" label={t('users.status')} valuePropName="checked"><Switch /></Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/** A threshold as a percentage, saved on its own button. */
function ThresholdInput({ value, onSave, saveText }: { value: ThresholdView; onSave: (v: number) => void; saveText: string }) {
  const [pct, setPct] = useState<number | null>(Math.round(value.confirmBelow * 100));
  return (
    <Space>
      <InputNumber aria-label={value.categoryCode} controls={false} min={0} max={100} step={5} value={pct} onChange={setPct} suffix="%" style={{ width: 110 }} />
      <Button size="small" disabled={pct === null || pct === Math.round(value.confirmBelow * 100)} onClick={() => pct !== null && onSave(pct / 100)}>{saveText}</Button>
    </Space>
  );
}
