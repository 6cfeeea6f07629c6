import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { createDeviceSchema, DEVICE_TYPE_LABELS, DEVICE_TYPES, updateDeviceSchema, type DeviceType, type DeviceView, type Page } from '@gridops/contracts';
import { api } from '../../api/http';
import { useLabels } from '../../i18n/labels';
import { useCaseNames } from '../cases/useCaseNames';
import { errorText, validateWith } from './form-errors';
import { townTime } from '../../ui/town-time';

const FIELDS = ['id', 'type', 'name', 'location', 'address', 'active'];

/** 物联设备: the sensors whose alarms become cases; the 片区 and grid cell follow from the location. */
export function DevicesAdmin() {
  const { t } = useTranslation('admin');
  const labels = useLabels();
  const names = useCaseNames();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [type, setType] = useState<DeviceType | undefined>();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<DeviceView | 'new' | null>(null);
  const [form] = Form.useForm();
  const query = { type, q: q || undefined, limit: 100 };
  const devices = useQuery({ queryKey: ['admin', 'devices', query], queryFn: () => api<Page<DeviceView>>('/devices', { query }) });

  const save = useMutation({
    mutationFn: (v: { id: string; type: DeviceType; name: string; lat: number; lng: number; address?: string; active: boolean }) => {
      const body = { id: v.id, type: v.type, name: v.name, location: { lat: v.lat, lng: v.lng }, address: v.address || undefined, active: v.active };
      if (editing === 'new') {
        const { value, general } = validateWith(createDeviceSchema, body, form, FIELDS);
        if (!value) throw new Error(general.join('; ') || 'invalid');
        return api('/devices', { method: 'POST', body: value });
      }
      const { id: _id, ...patch } = { ...body, address: v.address || null };
      const { value, general } = validateWith(updateDeviceSchema, patch, form, FIELDS);
      if (!value || !editing) throw new Error(general.join('; ') || 'invalid');
      return api(`/devices/${encodeURIComponent(editing.id)}`, { method: 'PATCH', body: value });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['admin', 'devices'] });
      void message.success(t('common.saved'));
      setEditing(null);
    },
    onError: (e) => void message.error(errorText(e)),
  });

  const open = (d: DeviceView | 'new') => {
    form.resetFields();
    if (d === 'new') form.setFieldsValue({ type: 'smoke', active: true });
    else form.setFieldsValue({ ...d, lat: d.location.lat, lng: d.location.lng });
    setEditing(d);
  };
  const typeName = (ty: DeviceType) => labels.name(DEVICE_TYPE_LABELS[ty].zh, DEVICE_TYPE_LABELS[ty].en);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select<DeviceType> allowClear placeholder={t('devices.type')} style={{ width: 160 }} value={type} onChange={setType} options={DEVICE_TYPES.map((d) => ({ value: d, label: typeName(d) }))} />
        <Input.Search allowClear placeholder={t('common.search')} onSearch={setQ} style={{ width: 220 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>{t('devices.create')}</Button>
      </Space>
      {devices.isError && <Alert type="error" showIcon title={errorText(devices.error)} />}
      <Table<DeviceView>
        rowKey="id"
        size="small"
        loading={devices.isLoading}
        dataSource={devices.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('devices.id'), dataIndex: 'id' },
          { title: t('devices.type'), dataIndex: 'type', render: typeName },
          { title: t('devices.name'), dataIndex: 'name' },
          { title: t('devices.grid'), key: 'grid', render: (_, d) => <span title={d.gridCellCode}>{`${labels.district(d.districtCode)} · ${names.grid(d.gridCellCode)}`}</span> },
          { title: t('devices.lastAlarm'), key: 'alarm', render: (_, d) => (d.lastAlarm ? <Tag color={d.lastAlarm.event === 'raised' ? 'red' : 'green'}>{t(`devices.${d.lastAlarm.event}`)} {townTime(d.lastAlarm.occurredAt).format('MM-DD HH:mm')}</Tag> : t('common.none')) },
          { title: t('devices.openCase'), dataIndex: 'openCaseId', render: (id: string | null) => (id ? <Link to={`/cases/${id}`}>{t('devices.openCase')}</Link> : t('common.none')) },
          { title: t('users.status'), dataIndex: 'active', render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{a ? t('common.active') : t('common.inactive')}</Tag> },
          { title: t('common.actions'), key: 'a', render: (_, d) => <Button size="small" onClick={() => open(d)}>{t('common.edit')}</Button> },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('devices.create') : t('devices.editTitle', { id: editing?.id })}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v as never)}>
          <Form.Item name="id" label={t('devices.id')} rules={[{ required: true }]}><Input disabled={editing !== 'new'} /></Form.Item>
          <Form.Item name="type" label={t('devices.type')}><Select options={DEVICE_TYPES.map((d) => ({ value: d, label: typeName(d) }))} /></Form.Item>
          <Form.Item name="name" label={t('devices.name')} rules={[{ required: true }]}><Input /></Form.Item>
          <Space>
            <Form.Item name="lat" label={t('devices.lat')} rules={[{ required: true }]}><InputNumber step={0.0001} style={{ width: 160 }} /></Form.Item>
            <Form.Item name="lng" label={t('devices.lng')} rules={[{ required: true }]}><InputNumber step={0.0001} style={{ width: 160 }} /></Form.Item>
          </Space>
          <Form.Item name="address" label={t('devices.address')}><Input /></Form.Item>
          <Form.Item name="active" label={t('users.status')} valuePropName="checked"><Switch /></Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
