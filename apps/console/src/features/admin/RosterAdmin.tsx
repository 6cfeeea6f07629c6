import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DutyRosterView, PutRosterDayRequest, RosterCellDay } from '@gridops/contracts';
import { DISTRICT_CODES, type DistrictCode } from '@gridops/domain';
import { api } from '../../api/http';
import { useUsers } from '../../api/queries';
import { useMeRequired } from '../../auth/AuthProvider';
import { useLabels } from '../../i18n/labels';
import { useCaseNames } from '../cases/useCaseNames';
import { errorText } from './form-errors';

/** 值班表: who is on duty in each grid cell on a day, and the day's shift lead; dispatch routes by it. */
export function RosterAdmin() {
  const { t } = useTranslation('admin');
  const labels = useLabels();
  const names = useCaseNames();
  const me = useMeRequired();
  const users = useUsers();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [date, setDate] = useState<Dayjs>(dayjs());
  const [district, setDistrict] = useState<DistrictCode | undefined>(me.districtCode ?? 'xincheng');
  const day = date.format('YYYY-MM-DD');
  const key = ['admin', 'roster', day, district];
  const roster = useQuery({ queryKey: key, queryFn: () => api<DutyRosterView>('/duty-roster', { query: { from: day, to: day, district } }) });
  const current = roster.data?.days[0];
  // edits are kept per cell until saved
  const [draft, setDraft] = useState<Record<string, string[]>>({});
  const [lead, setLead] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    setDraft({});
    setLead(undefined);
  }, [day, district]);

  const save = useMutation({
    mutationFn: () => {
      const body: PutRosterDayRequest = {};
      if (lead !== undefined) body.shiftLeadUserId = lead;
      const cells = Object.entries(draft).map(([gridCellCode, userIds]) => ({ gridCellCode, userIds }));
      if (cells.length) body.cells = cells;
      return api(`/duty-roster/${day}`, { method: 'PUT', body });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['admin', 'roster'] });
      setDraft({});
      setLead(undefined);
      void message.success(t('roster.saved'));
    },
    onError: (e) => void message.error(errorText(e)),
  });

  const workers = (users.data ?? []).filter((u) => u.active && u.role === 'grid_worker');
  const leads = (users.data ?? []).filter((u) => u.active && u.role === 'shift_lead');
  const dirty = lead !== undefined || Object.keys(draft).length > 0;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <DatePicker value={date} onChange={(d) => d && setDate(d)} allowClear={false} aria-label={t('roster.date')} />
        <Select<DistrictCode>
          value={district}
          disabled={!!me.districtCode}
          style={{ width: 140 }}
          onChange={setDistrict}
          options={DISTRICT_CODES.map((d) => ({ value: d, label: labels.district(d) }))}
          aria-label={t('roster.district')}
        />
        <Typography.Text>{t('roster.shiftLead')}</Typography.Text>
        <Select<string>
          style={{ width: 200 }}
          allowClear
          value={lead === undefined ? current?.shiftLead?.userId : (lead ?? undefined)}
          onChange={(v) => setLead(v ?? null)}
          options={leads.map((u) => ({ value: u.id, label: u.displayName }))}
          placeholder={t('roster.unstaffed')}
          data-testid="roster-lead"
        />
        <Button type="primary" disabled={!dirty} loading={save.isPending} onClick={() => save.mutate()} data-testid="roster-save">{t('roster.save')}</Button>
      </Space>
      {roster.isError && <Alert type="error" showIcon title={errorText(roster.error)} />}
      <Table<RosterCellDay>
        rowKey="gridCellCode"
        size="small"
        loading={roster.isLoading}
        pagination={false}
        dataSource={current?.cells ?? []}
        columns={[
          { title: t('roster.cell'), key: 'cell', width: 200, render: (_, cell) => <span title={cell.gridCellCode}>{names.grid(cell.gridCellCode)}</span> },
          {
            title: t('roster.workers'),
            key: 'workers',
            render: (_, cell) => (
              <Select<string[]>
                mode="multiple"
                style={{ width: '100%' }}
                placeholder={t('roster.unstaffed')}
                value={draft[cell.gridCellCode] ?? cell.workers.map((w) => w.userId)}
                onChange={(ids) => setDraft((d) => ({ ...d, [cell.gridCellCode]: ids }))}
                options={workers.filter((u) => u.districtCode === cell.districtCode).map((u) => ({ value: u.id, label: u.displayName }))}
                data-testid={`roster-cell-${cell.gridCellCode}`}
              />
            ),
          },
        ]}
      />
    </Space>
  );
}
