import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { putCalendarDaySchema, type CalendarDayResult, type CalendarDayView, type CalendarYearView } from '@gridops/contracts';
import { api } from '../../api/http';
import { useLabels } from '../../i18n/labels';
import { errorText, validateWith } from './form-errors';

const WEEKDAYS_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** 工作日历: public holidays and adjusted workdays; working-hour deadlines are computed over them. */
export function CalendarAdmin() {
  const { t } = useTranslation('admin');
  const { lang, name } = useLabels();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [year, setYear] = useState(dayjs().year());
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const calendar = useQuery({ queryKey: ['admin', 'calendar', year], queryFn: () => api<CalendarYearView>('/calendar', { query: { year } }) });

  const save = useMutation({
    mutationFn: (values: { date: dayjs.Dayjs; kind: string; nameZh?: string; nameEn?: string }) => {
      const body = { kind: values.kind, nameZh: values.nameZh || undefined, nameEn: values.nameEn || undefined };
      const { value, general } = validateWith(putCalendarDaySchema, body, form, ['kind', 'nameZh', 'nameEn']);
      if (!value) throw new Error(general.join('; ') || 'invalid');
      return api<CalendarDayResult>(`/calendar/days/${values.date.format('YYYY-MM-DD')}`, { method: 'PUT', body: value });
    },
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['admin', 'calendar'] });
      void message.success(`${r.date} · ${t('calendar.isWorkday', { v: r.isWorkday ? t('common.yes') : t('common.no') })}`);
      setOpen(false);
    },
    onError: (e) => void message.error(errorText(e)),
  });

  const settings = calendar.data?.settings;
  const days = lang === 'en' ? WEEKDAYS_EN : WEEKDAYS_ZH;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} aria-label={t('calendar.year')} />
        <Button type="primary" onClick={() => (form.resetFields(), form.setFieldsValue({ kind: 'holiday' }), setOpen(true))} data-testid="calendar-add">
          {t('calendar.add')}
        </Button>
        {settings && (
          <Typography.Text type="secondary">
            {t('calendar.workhours', { start: settings.workdayStart, end: settings.workdayEnd })} · {t('calendar.weekend', { days: settings.weekendDays.map((d) => days[d]).join('、') })}
          </Typography.Text>
        )}
      </Space>
      {calendar.isError && <Alert type="error" showIcon title={errorText(calendar.error)} />}
      <Table<CalendarDayView>
        rowKey="date"
        size="small"
        loading={calendar.isLoading}
        dataSource={calendar.data?.days ?? []}
        pagination={false}
        columns={[
          { title: t('calendar.date'), dataIndex: 'date', render: (d: string) => `${d} ${days[dayjs(d).day()]}` },
          { title: t('calendar.kind'), dataIndex: 'kind', render: (k: string) => <Tag color={k === 'holiday' ? 'red' : 'blue'}>{t(`calendar.${k}`)}</Tag> },
          { title: t('calendar.name'), key: 'name', render: (_, d) => name(d.nameZh, d.nameEn) },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, d) => (
              <Button size="small" onClick={() => (form.setFieldsValue({ date: dayjs(d.date), kind: d.kind, nameZh: d.nameZh, nameEn: d.nameEn }), setOpen(true))}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal open={open} title={t('calendar.add')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={save.isPending} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v as never)}>
          <Form.Item name="date" label={t('calendar.date')} rules={[{ required: true }]}><DatePicker /></Form.Item>
          <Form.Item name="kind" label={t('calendar.kind')}>
            <Radio.Group options={(['holiday', 'workday', 'normal'] as const).map((k) => ({ value: k, label: t(`calendar.${k}`) }))} />
          </Form.Item>
          <Form.Item name="nameZh" label={t('calendar.name')}><Input placeholder="国庆节" /></Form.Item>
          <Form.Item name="nameEn" label={t('calendar.nameEn')}><Input placeholder="National Day" /></Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
