import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ADDRESS_KIND_NAMES,
  createAddressSchema,
  updateAddressSchema,
  type AddressImportResult,
  type AddressImportRowResult,
  type AddressView,
  type Page,
} from '@gridops/contracts';
import { ADDRESS_KINDS, DISTRICT_CODES, type AddressKind, type DistrictCode } from '@gridops/domain';
import { api } from '../../api/http';
import { useLabels } from '../../i18n/labels';
import { errorText, validateWith } from '../admin/form-errors';
import './messages';

const FIELDS = ['kind', 'road', 'number', 'name', 'aliases', 'location'];
const MAX_BYTES = 5 * 1024 * 1024;

interface FormValues {
  kind: AddressKind;
  road?: string;
  number?: string;
  name?: string;
  aliases?: string;
  lat: number;
  lng: number;
}

/**
 * 标准地址库 (admin): the library page by page with its 片区 and grid cell (derived from the point), entries added,
 * edited and deleted by hand, and the town's real library imported from CSV — a dry run first, with a result per
 * row, then the import (idempotent: the same file again changes nothing).
 */
export function AddressesAdmin() {
  const { t } = useTranslation('addresses');
  const labels = useLabels();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [district, setDistrict] = useState<DistrictCode | undefined>();
  const [kind, setKind] = useState<AddressKind | undefined>();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<AddressView | 'new' | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<AddressImportResult | null>(null);
  const [form] = Form.useForm<FormValues>();
  const query = { district, kind, q: q || undefined, limit: 50 };
  const list = useInfiniteQuery({
    queryKey: ['admin', 'addresses', query],
    queryFn: ({ pageParam }) => api<Page<AddressView>>('/addresses', { query: { ...query, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const kindName = (k: AddressKind) => labels.name(ADDRESS_KIND_NAMES[k].zh, ADDRESS_KIND_NAMES[k].en);

  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const body = {
        kind: v.kind,
        road: v.road?.trim() || null,
        number: v.number?.trim() || null,
        name: v.name?.trim() || null,
        aliases: (v.aliases ?? '').split(/[,，;；]/).map((a) => a.trim()).filter(Boolean),
        location: { lat: v.lat, lng: v.lng },
      };
      if (editing === 'new') {
        const { value, general } = validateWith(createAddressSchema, body, form, FIELDS);
        if (!value) throw new Error(general.join('; ') || 'invalid');
        return api<AddressView>('/addresses', { method: 'POST', body: value });
      }
      const { value, general } = validateWith(updateAddressSchema, body, form, FIELDS);
      if (!value || !editing) throw new Error(general.join('; ') || 'invalid');
      return api<AddressView>(`/addresses/${editing.id}`, { method: 'PATCH', body: value });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['admin', 'addresses'] });
      void qc.invalidateQueries({ queryKey: ['addresses'] });
      void message.success(t('admin.saved'));
      setEditing(null);
    },
    onError: (e) => void message.error(errorText(e)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/addresses/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['admin', 'addresses'] });
      void qc.invalidateQueries({ queryKey: ['addresses'] });
      void message.success(t('admin.removed'));
    },
    onError: (e) => void message.error(errorText(e)),
  });
  const run = useMutation({
    mutationFn: (dryRun: boolean) => {
      if (!file) throw new Error(t('admin.importHint'));
      const data = new FormData();
      data.append('file', file, file.name);
      return api<AddressImportResult>('/addresses/import', { method: 'POST', form: data, query: { dryRun } });
    },
    onSuccess: (r) => {
      setResult(r);
      if (!r.dryRun) {
        void qc.invalidateQueries({ queryKey: ['admin', 'addresses'] });
        void qc.invalidateQueries({ queryKey: ['addresses'] });
        void message.success(t('admin.counts', { ...r.counts }));
      }
    },
    onError: (e) => void message.error(errorText(e)),
  });

  const open = (a: AddressView | 'new') => {
    form.resetFields();
    if (a === 'new') form.setFieldsValue({ kind: 'lane' });
    else form.setFieldsValue({ kind: a.kind, road: a.road ?? undefined, number: a.number ?? undefined, name: a.name ?? undefined, aliases: a.aliases.join('；'), lat: a.lat, lng: a.lng });
    setEditing(a);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="addresses-admin">
      <Alert type="info" showIcon title={t('admin.schematicNote')} />
      <Space wrap>
        <Select<DistrictCode> allowClear placeholder={t('admin.district')} style={{ width: 140 }} value={district} onChange={setDistrict} options={DISTRICT_CODES.map((d) => ({ value: d, label: labels.district(d) }))} />
        <Select<AddressKind> allowClear placeholder={t('admin.kind')} style={{ width: 140 }} value={kind} onChange={setKind} options={ADDRESS_KINDS.map((k) => ({ value: k, label: kindName(k) }))} />
        <Input.Search allowClear placeholder={t('admin.search')} onSearch={setQ} style={{ width: 240 }} data-testid="addresses-search" />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>{t('admin.add')}</Button>
      </Space>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      <Table<AddressView>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('admin.standard'),
            dataIndex: 'standardText',
            render: (text: string, a) => (
              <span title={text}>
                {text}
                {a.name && a.name !== text ? <Typography.Text type="secondary"> · {a.name}</Typography.Text> : null}
                {a.schematic && <Tag bordered={false} style={{ marginLeft: 6 }}>{t('schematic')}</Tag>}
              </span>
            ),
          },
          { title: t('admin.kind'), dataIndex: 'kind', render: kindName },
          { title: t('admin.aliases'), dataIndex: 'aliases', render: (a: string[]) => <span title={a.join('；')}>{a.join('；') || '—'}</span> },
          { title: t('admin.cell'), key: 'cell', render: (_, a) => `${labels.district(a.districtCode)} · ${a.gridCellCode}` },
          { title: t('admin.point'), key: 'point', render: (_, a) => `${a.lng.toFixed(5)}, ${a.lat.toFixed(5)}` },
          { title: t('admin.source'), dataIndex: 'source', render: (s: AddressView['source']) => t(`admin.sources.${s}`) },
          {
            title: '',
            key: 'actions',
            render: (_, a) => (
              <Space>
                <Button size="small" onClick={() => open(a)}>{t('admin.edit')}</Button>
                <Popconfirm title={t('admin.removeConfirm')} onConfirm={() => remove.mutate(a.id)} okText={t('admin.remove')} cancelText={t('admin.cancel')}>
                  <Button size="small" danger>{t('admin.remove')}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {list.hasNextPage && <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('admin.more')}</Button>}

      <Card size="small" title={t('admin.import')}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('admin.importHint')}</Typography.Text>
          <Space wrap>
            <Upload
              accept=".csv,text/csv"
              maxCount={1}
              beforeUpload={(f) => {
                if (f.size > MAX_BYTES) {
                  void message.error('> 5 MiB');
                  return Upload.LIST_IGNORE;
                }
                setFile(f);
                setResult(null);
                return false;
              }}
              onRemove={() => {
                setFile(null);
                setResult(null);
              }}
            >
              <Button icon={<UploadOutlined />}>{t('admin.import')}</Button>
            </Upload>
            <Button disabled={!file} loading={run.isPending && run.variables === true} onClick={() => run.mutate(true)} data-testid="addresses-dry-run">{t('admin.dryRun')}</Button>
            <Button type="primary" disabled={!file || !result?.dryRun || result.counts.refused === result.counts.total} loading={run.isPending && run.variables === false} onClick={() => run.mutate(false)}>
              {t('admin.apply')}
            </Button>
          </Space>
          {result && (
            <>
              <Alert type={result.counts.refused ? 'warning' : 'success'} showIcon title={t('admin.counts', { ...result.counts })} data-testid="addresses-import-counts" />
              <Table<AddressImportRowResult>
                rowKey="row"
                size="small"
                dataSource={result.rows}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                columns={[
                  { title: t('admin.row'), dataIndex: 'row', width: 60 },
                  { title: t('admin.status'), dataIndex: 'status', render: (s: AddressImportRowResult['status']) => <Tag color={s === 'refused' ? 'red' : s === 'unchanged' ? 'default' : 'green'}>{t(`admin.statuses.${s}`)}</Tag> },
                  { title: t('admin.standard'), dataIndex: 'standardText', render: (s: string | null) => s ?? '—' },
                  { title: t('admin.cell'), dataIndex: 'gridCellCode', render: (s: string | null) => s ?? '—' },
                  { title: t('admin.problems'), dataIndex: 'errors', render: (e: string[]) => <span title={e.join('；')}>{e.join('；') || '—'}</span> },
                ]}
              />
            </>
          )}
        </Space>
      </Card>

      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('admin.add') : `${t('admin.edit')} · ${editing?.standardText ?? ''}`}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okText={t('admin.save')}
        cancelText={t('admin.cancel')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="kind" label={t('admin.kind')}><Select options={ADDRESS_KINDS.map((k) => ({ value: k, label: kindName(k) }))} /></Form.Item>
          <Space>
            <Form.Item name="road" label={t('admin.road')}><Input maxLength={50} /></Form.Item>
            <Form.Item name="number" label={t('admin.number')}><Input maxLength={6} style={{ width: 140 }} /></Form.Item>
          </Space>
          <Form.Item name="name" label={t('admin.name')}><Input maxLength={100} /></Form.Item>
          <Form.Item name="aliases" label={t('admin.aliases')} extra={t('admin.aliasesHint')}><Input /></Form.Item>
          <Space>
            <Form.Item name="lng" label={t('admin.lng')} rules={[{ required: true }]}><InputNumber step={0.0001} style={{ width: 160 }} /></Form.Item>
            <Form.Item name="lat" label={t('admin.lat')} rules={[{ required: true }]}><InputNumber step={0.0001} style={{ width: 160 }} /></Form.Item>
          </Space>
        </Form>
      </Modal>
    </Space>
  );
}
