import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Hotspot, SpecialCaseResult } from '@gridops/contracts';
import { api } from '../../api/http';
import { useMeRequired } from '../../auth/AuthProvider';
import { useLabels } from '../../i18n/labels';
import { townTime } from '../../ui/town-time';
import { useCaseNames } from '../cases/useCaseNames';
import { useHotspots } from '../board/useHotspots';
import './messages';

/** Member case numbers shown in a row; the rest are counted. */
const NUMBERS_SHOWN = 4;

/**
 * 高发点位 for leads and supervisors: each hotspot with its cases, and its 专项 case — or, for the shift lead, the
 * button that opens one (POST /hotspots/:id/special; opening again answers the same case).
 */
export function HotspotList() {
  const { t } = useTranslation('hotspots');
  const labels = useLabels();
  const names = useCaseNames();
  const me = useMeRequired();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const query = useHotspots(me.role);
  const open = useMutation({
    mutationFn: (id: string) => api<SpecialCaseResult>(`/hotspots/${id}/special`, { method: 'POST', body: {} }),
    onSuccess: (r) => {
      void message.success(t('opened', { number: r.specialCase.number }));
      void qc.invalidateQueries({ queryKey: ['hotspots'] });
    },
    onError: (e: Error) => void message.error(t('openFailed', { message: e.message })),
  });
  const rule = query.data?.rule;
  return (
    <Card
      size="small"
      title={t('title')}
      extra={rule && <Typography.Text type="secondary">{t('rule', { days: rule.windowDays, radius: rule.radiusMetres, n: rule.minCases })}</Typography.Text>}
      data-testid="hotspot-list"
    >
      <Table<Hotspot>
        rowKey="id"
        size="small"
        loading={query.isLoading}
        dataSource={query.data?.items ?? []}
        locale={{ emptyText: t('empty') }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        columns={[
          { title: t('cols.category'), dataIndex: 'categoryCode', render: (c: string) => names.category(c) },
          { title: t('cols.place'), key: 'place', render: (_: unknown, h) => h.address ?? names.grid(h.gridCellCode) },
          { title: t('cols.district'), dataIndex: 'districtCode', render: (d: string) => labels.district(d) },
          { title: t('cols.count'), dataIndex: 'caseCount', align: 'right' },
          { title: t('cols.last'), dataIndex: 'lastReportedAt', render: (at: string) => townTime(at).format('MM-DD HH:mm') },
          {
            title: t('cols.cases'),
            key: 'cases',
            render: (_: unknown, h) => (
              <Space wrap size={[8, 0]}>
                {h.members.slice(0, NUMBERS_SHOWN).map((m) => (
                  <Link key={m.id} to={`/cases/${m.id}`}>{m.number}</Link>
                ))}
                {h.members.length > NUMBERS_SHOWN && <Typography.Text type="secondary">+{h.members.length - NUMBERS_SHOWN}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t('cols.special'),
            key: 'special',
            render: (_: unknown, h) =>
              h.specialCase ? (
                <Link to={`/cases/${h.specialCase.id}`} data-testid="hotspot-special">{h.specialCase.number} · {labels.state(h.specialCase.state)}</Link>
              ) : me.role === 'shift_lead' ? (
                <Button size="small" loading={open.isPending && open.variables === h.id} onClick={() => open.mutate(h.id)} data-testid="hotspot-open-special">
                  {t('open')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
