import { Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { HTMLAttributes, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '@gridops/contracts';
import { useLabels } from '../../i18n/labels';
import { Countdown } from '../../ui/Countdown';
import { LightDot, StateTag } from '../../ui/StateTag';
import { CaseFlags } from '../cases/CaseFlags';
import { useCaseNames } from '../cases/useCaseNames';
import './messages';
import { townTime } from '../../ui/town-time';


export type SortKey = 'reportedAt' | 'due';
export interface TableSort {
  key: SortKey;
  order: 'ascend' | 'descend';
}

/** Sorts a page the way the table shows it, so keyboard moves follow the rows on screen. */
export function sortCases(items: CaseSummary[], sort: TableSort | null): CaseSummary[] {
  if (!sort) return items;
  const dir = sort.order === 'ascend' ? 1 : -1;
  const value = (c: CaseSummary) => (sort.key === 'reportedAt' ? c.reportedAt : c.clockDueAt);
  return [...items].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === vb) return 0;
    // cases without a running clock go last whichever way the deadline is sorted
    if (va === null) return 1;
    if (vb === null) return -1;
    return (new Date(va).getTime() - new Date(vb).getTime()) * dir;
  });
}

interface CaseTableProps {
  items: CaseSummary[];
  loading: boolean;
  activeId: string | null;
  freshIds: ReadonlySet<string>;
  selectedIds: string[];
  onSelect: ((ids: string[]) => void) | null;
  selectable: (c: CaseSummary) => boolean;
  onOpen: (id: string) => void;
  onCompareDuplicate: (id: string) => void;
  sort: TableSort | null;
  onSort: (s: TableSort | null) => void;
  empty: ReactNode;
}

/** The triage queue: one dense row per case; click (or Enter) opens it, new arrivals glow for a moment. */
export function CaseTable(props: CaseTableProps) {
  const { items, loading, activeId, freshIds, selectedIds, onSelect, selectable, onOpen, onCompareDuplicate, sort, onSort, empty } = props;
  const { t } = useTranslation('desk');
  const labels = useLabels();
  const names = useCaseNames();
  const sortOrder = (k: SortKey) => (sort?.key === k ? sort.order : null);

  const columns: TableColumnsType<CaseSummary> = [
    {
      key: 'number',
      title: t('column.number'),
      width: 168,
      render: (_, c) => (
        <span className="desk-number">
          <LightDot light={c.light} size={9} /> <Typography.Text code>{c.number}</Typography.Text>
          {freshIds.has(c.id) && <span className="desk-fresh-badge">{t('table.fresh')}</span>}
        </span>
      ),
    },
    {
      key: 'state',
      title: t('column.state'),
      width: 190,
      render: (_, c) => (
        <span className="desk-state">
          <StateTag state={c.state} />
          <CaseFlags c={c} onDuplicate={() => onCompareDuplicate(c.id)} />
        </span>
      ),
    },
    { key: 'priority', title: t('column.priority'), width: 52, render: (_, c) => <span className={`desk-prio desk-prio-${c.priority}`}>{c.priority}</span> },
    { key: 'category', title: t('column.category'), width: 130, ellipsis: true, render: (_, c) => names.category(c.categoryCode) },
    {
      key: 'where',
      title: t('column.where'),
      width: 130,
      ellipsis: true,
      // grid cell names already carry their 片区 (新城第1网格)
      render: (_, c) => <span title={labels.district(c.districtCode)}>{names.grid(c.gridCellCode)}</span>,
    },
    { key: 'source', title: t('column.source'), width: 96, ellipsis: true, render: (_, c) => labels.source(c.source) },
    // masked by the API in every list (王** 138****5678); the case file shows the desk the full contact
    { key: 'caller', title: t('column.caller'), width: 124, ellipsis: true, render: (_, c) => <span data-testid="desk-caller">{c.caller ?? '—'}</span> },
    {
      key: 'description',
      title: t('column.description'),
      ellipsis: { showTitle: false },
      // the whole text, with the address, one hover away on the cell itself (a cut line always has its full text)
      onCell: (c) => ({ title: c.address ? `${c.description}（${c.address}）` : c.description }),
      render: (_, c) => c.description,
    },
    {
      key: 'reportedAt',
      title: t('column.reportedAt'),
      width: 104,
      sorter: true,
      sortOrder: sortOrder('reportedAt'),
      render: (_, c) => (
        <Tooltip title={townTime(c.reportedAt).format('YYYY-MM-DD HH:mm:ss')}>
          <span className="desk-time">{townTime(c.reportedAt).format('MM-DD HH:mm')}</span>
        </Tooltip>
      ),
    },
    {
      key: 'due',
      title: t('column.due'),
      width: 132,
      sorter: true,
      sortOrder: sortOrder('due'),
      render: (_, c) => <Countdown dueAt={c.clockDueAt} yellowAt={c.clockYellowAt} light={c.light} tick={5_000} />,
    },
    { key: 'assignee', title: t('column.assignee'), width: 120, ellipsis: true, render: (_, c) => names.assignee(c) },
  ];

  return (
    <Table<CaseSummary>
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      sticky
      tableLayout="fixed"
      locale={{ emptyText: empty }}
      rowClassName={(c) => [c.id === activeId ? 'desk-row-active' : '', freshIds.has(c.id) ? 'desk-row-fresh' : ''].join(' ')}
      onRow={(c) => ({ onClick: () => onOpen(c.id), 'data-testid': 'desk-row', 'data-case-id': c.id } as HTMLAttributes<HTMLElement>)}
      onChange={(_p, _f, s) => {
        const one = Array.isArray(s) ? s[0] : s;
        onSort(one?.order && (one.columnKey === 'reportedAt' || one.columnKey === 'due') ? { key: one.columnKey, order: one.order } : null);
      }}
      rowSelection={
        onSelect
          ? {
              selectedRowKeys: selectedIds,
              onChange: (keys) => onSelect(keys as string[]),
              getCheckboxProps: (c) => ({ disabled: !selectable(c) }),
              columnWidth: 32,
            }
          : undefined
      }
      data-testid="desk-table"
    />
  );
}
