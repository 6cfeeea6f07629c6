import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createUserSchema, updateUserSchema, type UserView } from '@gridops/contracts';
import { DISTRICT_CODES, ROLES, type Role } from '@gridops/domain';
import { api } from '../../api/http';
import { directoryKeys, useUnits, useUsers } from '../../api/queries';
import { useMeRequired } from '../../auth/AuthProvider';
import { useLabels } from '../../i18n/labels';
import { errorText, validateWith } from './form-errors';

const FIELDS = ['username', 'displayName', 'role', 'districtCode', 'unitCode', 'phone', 'password', 'active'];

/** 用户与角色: create people, change their role, 片区 or unit, lock them out, reset a password. */
export function UsersAdmin() {
  const { t } = useTranslation('admin');
  const labels = useLabels();
  const me = useMeRequired();
  const users = useUsers();
  const units = useUnits();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<UserView | 'new' | null>(null);
  const [search, setSearch] = useState('');
  const [form] = Form.useForm();
  const role = Form.useWatch<Role | undefined>('role', form);

  const save = useMutation({
    mutationFn: async (values: Record<string, unknown>) => {
      const clean: Record<string, unknown> = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === '' || v === undefined ? null : v]));
      // hidden fields keep their last value in the form: the role decides which binding applies
      if (clean.role !== 'unit_staff') clean.unitCode = null;
      if (clean.role === 'unit_staff' || clean.role === 'admin') clean.districtCode = null;
      if (editing === 'new') {
        const { value, general } = validateWith(createUserSchema, clean, form, FIELDS);
        if (!value) throw new Error(general.join('; ') || 'invalid');
        return api('/users', { method: 'POST', body: value });
      }
      if (!editing) return null;
      const changed = Object.fromEntries(
        Object.entries(clean).filter(([k, v]) => k !== 'username' && (k === 'password' ? v !== null : v !== (editing as unknown as Record<string, unknown>)[k])),
      );
      const { value, general } = validateWith(updateUserSchema, changed, form, FIELDS);
      if (!value) throw new Error(general.join('; ') || 'invalid');
      return api(`/users/${editing.id}`, { method: 'PATCH', body: value });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: directoryKeys.users });
      void message.success(t('common.saved'));
      setEditing(null);
    },
    onError: (e) => void message.error(errorText(e)),
  });

  const open = (u: UserView | 'new') => {
    form.resetFields();
    if (u !== 'new') form.setFieldsValue({ ...u, password: undefined });
    else form.setFieldsValue({ role: 'grid_worker', active: true });
    setEditing(u);
  };

  const rows = (users.data ?? []).filter((u) => !search || `${u.username} ${u.displayName}`.toLowerCase().includes(search.toLowerCase()));
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('common.search')} onChange={(e) => setSearch(e.target.value)} style={{ width: 240 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="user-create">{t('users.create')}</Button>
      </Space>
      <Table<UserView>
        rowKey="id"
        size="small"
        loading={users.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(u) => ({ onDoubleClick: () => open(u) })}
        columns={[
          { title: t('users.username'), dataIndex: 'username', sorter: (a, b) => a.username.localeCompare(b.username) },
          { title: t('users.displayName'), dataIndex: 'displayName' },
          { title: t('users.role'), dataIndex: 'role', width: 200, render: (r: Role) => labels.role(r), filters: ROLES.map((r) => ({ text: labels.role(r), value: r })), onFilter: (v, u) => u.role === v },
          { title: t('users.district'), dataIndex: 'districtCode', render: (d: string | null) => (d ? labels.district(d) : t('common.none')) },
          { title: t('users.unit'), dataIndex: 'unitCode', render: (c: string | null) => (c ? labels.name(units.data?.find((u) => u.code === c)?.nameZh ?? c, units.data?.find((u) => u.code === c)?.nameEn) : t('common.none')) },
          { title: t('users.status'), dataIndex: 'active', render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{a ? t('common.active') : t('common.inactive')}</Tag> },
          { title: t('common.actions'), key: 'a', render: (_, u) => <Button size="small" onClick={() => open(u)}>{t('common.edit')}</Button> },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('users.create') : t('users.editTitle', { name: editing?.displayName })}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v as Record<string, unknown>)}>
          <Form.Item name="username" label={t('users.username')} rules={[{ required: true }]}>
            <Input disabled={editing !== 'new'} autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
            <Select options={ROLES.map((r) => ({ value: r, label: labels.role(r) }))} />
          </Form.Item>
          {role !== 'unit_staff' && role !== 'admin' && (
            <Form.Item name="districtCode" label={t('users.district')} rules={[{ required: role === 'grid_worker' }]}>
              <Select allowClear options={DISTRICT_CODES.map((d) => ({ value: d, label: labels.district(d) }))} />
            </Form.Item>
          )}
          {role === 'unit_staff' && (
            <Form.Item name="unitCode" label={t('users.unit')} rules={[{ required: true }]}>
              <Select options={(units.data ?? []).map((u) => ({ value: u.code, label: labels.name(u.nameZh, u.nameEn) }))} />
            </Form.Item>
          )}
          <Form.Item name="phone" label={t('users.phone')}>
            <Input />
          </Form.Item>
          <Form.Item name="password" label={editing === 'new' ? t('users.password') : t('users.resetPassword')} extra={t('users.passwordHint')} rules={[{ required: editing === 'new' }]}>
            <Input.Password autoComplete="new-password" placeholder={editing === 'new' ? '' : t('users.newPassword')} />
          </Form.Item>
          {editing !== 'new' && (
            <Form.Item name="active" label={t('users.status')} valuePropName="checked" extra={editing?.id === me.id ? t('users.deactivateSelf') : undefined}>
              <Switch disabled={editing?.id === me.id} checkedChildren={t('common.active')} unCheckedChildren={t('common.inactive')} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
