import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { updateCategorySchema, type CategoryView } from '@gridops/contracts';
import { LIMIT_UNITS, PRIORITIES } from '@gridops/domain';
import { api } from '../../api/http';
import { directoryKeys, useCategories, useUnits } from '../../api/queries';
import { useLabels } from '../../i18n/labels';
import { errorText, validateWith } from './form-errors';

type Editable = CategoryView & { afterPhotoRequired?: boolean };
const FIELDS = ['nameZh', 'nameEn', 'priority', 'handlingLimit', 'selfDisposable', 'defaultUnitCode', 'needsUnit', 'afterPhotoRequired', 'active'];

/** 案件类别与时限: categories are data — limits change by decision, not by deploy; the next dispatch uses them. */
export function CategoriesAdmin() {
  const { t } = useTranslation('admin');
  const labels = useLabels();
  const categories = useCategories();
  const units = useUnits();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<Editable | null>(null);
  const [search, setSearch] = useState('');
  const [form] = Form.useForm();

  const save = useMutation({
    mutationFn: (values: Record<string, unknown>) => {
      if (!editing) return Promise.resolve(null);
      const current = editing as unknown as Record<string, unknown>;
      // a cleared select is undefined in the form; the API clears with null
      const next = { ...values, defaultUnitCode: values.defaultUnitCode ?? null };
      const changed = Object.fromEntries(Object.entries(next).filter(([k, v]) => JSON.stringify(v ?? null) !== JSON.stringify(current[k] ?? null)));
      const { value, general } = validateWith(updateCategorySchema, changed, form, FIELDS);
      if (!value) throw new Error(general.join('; ') || 'invalid');
      return api(`/categories/${editing.code}`, { method: 'PATCH', body: value });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: directoryKeys.categories });
      void message.success(t('common.saved'));
      setEditing(null);
    },
    onError: (e) => void message.error(errorText(e)),
  });

  const unitName = (code: string | null) => {
    const u = units.data?.find((x) => x.code === code);
    return u ? labels.name(u.nameZh, u.nameEn) : t('common.none');
  };
  const rows = (categories.data ?? []).filter((c) => !search || `${c.code} ${c.nameZh} ${c.nameEn}`.toLowerCase().includes(search.toLowerCase()));
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('common.search')} onChange={(e) => setSearch(e.target.value)} style={{ width: 240 }} />
      </Space>
      <Table<Editable>
        rowKey="code"
        size="small"
        loading={categories.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('categories.code'), dataIndex: 'code', width: 90 },
          { title: t('categories.name'), key: 'name', render: (_, c) => labels.name(c.nameZh, c.nameEn) },
          { title: t('categories.kind'), dataIndex: 'kind', render: (k: string) => t(`categories.${k}`), width: 80 },
          { title: t('categories.priority'), dataIndex: 'priority', width: 80, render: (p: string) => <Tag color={p === 'P0' ? 'red' : p === 'P1' ? 'orange' : undefined}>{p}</Tag> },
          { title: t('categories.limit'), key: 'limit', render: (_, c) => `${c.handlingLimit.amount} ${t(`categories.units.${c.handlingLimit.unit}`)}` },
          { title: t('categories.selfDisposable'), dataIndex: 'selfDisposable', render: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
          { title: t('categories.defaultUnit'), dataIndex: 'defaultUnitCode', render: unitName },
          { title: t('users.status'), dataIndex: 'active', render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{a ? t('common.active') : t('common.inactive')}</Tag> },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, c) => (
              <Button size="small" onClick={() => (form.resetFields(), form.setFieldsValue(c), setEditing(c))} data-testid={`category-edit-${c.code}`}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={t('categories.editTitle', { code: editing?.code })}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v as Record<string, unknown>)}>
          <Form.Item name="nameZh" label={t('categories.name')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="nameEn" label={t('categories.nameEn')} rules={[{ required: true }]}><Input /></Form.Item>
          <Space.Compact block>
            <Form.Item name={['handlingLimit', 'amount']} label={t('categories.limit')} rules={[{ required: true }]} style={{ width: '50%' }}>
              <InputNumber min={0.25} max={10000} step={0.5} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name={['handlingLimit', 'unit']} label=" " style={{ width: '50%' }}>
              <Select options={LIMIT_UNITS.map((u) => ({ value: u, label: t(`categories.units.${u}`) }))} />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="priority" label={t('categories.priority')}><Select options={PRIORITIES.map((p) => ({ value: p, label: p }))} /></Form.Item>
          <Form.Item name="defaultUnitCode" label={t('categories.defaultUnit')}>
            <Select allowClear options={(units.data ?? []).map((u) => ({ value: u.code, label: labels.name(u.nameZh, u.nameEn) }))} />
          </Form.Item>
          <Space size="large" wrap>
            <Form.Item name="selfDisposable" label={t('categories.selfDisposable')} valuePropName="checked"><Switch /></Form.Item>
            <Form.Item name="needsUnit" label={t('categories.needsUnit')} valuePropName="checked"><Switch /></Form.Item>
            <Form.Item name="afterPhotoRequired" label={t('categories.afterPhoto')} valuePropName="checked"><Switch /></Form.Item>
            <Form.Item name="active" label={t('users.status')} valuePropName="checked"><Switch /></Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  );
}
