import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API_KEY_SCOPES, createApiKeySchema, type ApiKeyScope, type ApiKeyView, type IssuedApiKey } from '@gridops/contracts';
import { api } from '../../api/http';
import { errorText, validateWith } from './form-errors';
import { townTime } from '../../ui/town-time';

const KEY = ['admin', 'api-keys'];

/** API 密钥: keys for the systems that send reports in (Open311 apps, IoT platforms, 12345 imports). */
export function ApiKeysAdmin() {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [issued, setIssued] = useState<IssuedApiKey | null>(null);
  const [form] = Form.useForm();
  const keys = useQuery({ queryKey: KEY, queryFn: () => api<ApiKeyView[]>('/api-keys') });

  const create = useMutation({
    mutationFn: (values: { name: string; scopes: ApiKeyScope[] }) => {
      const { value, general } = validateWith(createApiKeySchema, values, form, ['name', 'scopes']);
      if (!value) throw new Error(general.join('; ') || 'invalid');
      return api<IssuedApiKey>('/api-keys', { method: 'POST', body: value });
    },
    onSuccess: (k) => {
      void qc.invalidateQueries({ queryKey: KEY });
      setOpen(false);
      setIssued(k);
    },
    onError: (e) => void message.error(errorText(e)),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api-keys/${id}/revoke`, { method: 'POST' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: KEY }),
    onError: (e) => void message.error(errorText(e)),
  });

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button type="primary" onClick={() => (form.resetFields(), setOpen(true))} data-testid="api-key-create">{t('apiKeys.create')}</Button>
      {issued && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setIssued(null)}
          title={t('apiKeys.issued')}
          description={<Typography.Text copyable code data-testid="api-key-issued">{issued.key}</Typography.Text>}
        />
      )}
      {keys.isError && <Alert type="error" showIcon title={errorText(keys.error)} />}
      <Table<ApiKeyView>
        rowKey="id"
        size="small"
        loading={keys.isLoading}
        dataSource={keys.data ?? []}
        pagination={false}
        columns={[
          { title: t('apiKeys.name'), dataIndex: 'name' },
          { title: t('apiKeys.prefix'), dataIndex: 'prefix', render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
          { title: t('apiKeys.scopes'), dataIndex: 'scopes', render: (s: ApiKeyScope[]) => s.map((x) => <Tag key={x}>{t(`apiKeys.scope.${x}`)}</Tag>) },
          { title: t('apiKeys.createdAt'), dataIndex: 'createdAt', render: (d: string) => townTime(d).format('YYYY-MM-DD HH:mm') },
          { title: t('apiKeys.revokedAt'), dataIndex: 'revokedAt', render: (d: string | null) => (d ? <Tag>{t('apiKeys.revoked')} {townTime(d).format('MM-DD HH:mm')}</Tag> : <Tag color="green">{t('apiKeys.activeKey')}</Tag>) },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, k) =>
              !k.revokedAt && (
                <Popconfirm title={t('apiKeys.confirmRevoke')} onConfirm={() => revoke.mutate(k.id)} okText={t('apiKeys.revoke')} cancelText={t('common.cancel')}>
                  <Button size="small" danger>{t('apiKeys.revoke')}</Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal open={open} title={t('apiKeys.create')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v as { name: string; scopes: ApiKeyScope[] })} initialValues={{ scopes: ['open311'] }}>
          <Form.Item name="name" label={t('apiKeys.name')} rules={[{ required: true }]}><Input placeholder="随申拍 / 物联平台 …" /></Form.Item>
          <Form.Item name="scopes" label={t('apiKeys.scopes')} rules={[{ required: true }]}>
            <Checkbox.Group options={API_KEY_SCOPES.map((s) => ({ value: s, label: t(`apiKeys.scope.${s}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
