import { LeftOutlined, PhoneOutlined, ReloadOutlined, RightOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, ConfigProvider, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { CaseSummary } from '@gridops/contracts';
import { ACTION_RULES } from '@gridops/domain';
import { useCaseList } from '../../api/queries';
import { useMeRequired } from '../../auth/AuthProvider';
import { CaseDrawer } from '../cases/CaseDrawer';
import { BulkDispatchModal } from './BulkDispatchModal';
import { CaseTable, sortCases, type TableSort } from './CaseTable';
import { DeskFilterBar } from './DeskFilterBar';
import { EMPTY_FILTERS, fromSearchParams, toListQuery, toSearchString, type DeskFilters } from './desk-filters';
import { DuplicateCompareModal } from './DuplicateCompareModal';
import { IntakeDrawer } from './IntakeDrawer';
import { ExportButton } from '../exports/ExportButton';
import { DEFAULT_VIEW, viewFilters } from './saved-views';
import { SavedViewsBar } from './SavedViewsBar';
import { SearchEverywhere } from './SearchEverywhere';
import { useFreshCases } from './useFreshCases';
import { useListKeyboard } from './useListKeyboard';
import './desk.css';
import './messages';
import { townTime } from '../../ui/town-time';
import { DeskWarningNotice } from '../warnings/DeskWarningNotice';

const PAGE_SIZES = [50, 100, 200];
const INTAKE_ROLES: readonly string[] = ['operator', 'shift_lead', 'admin'];

/**
 * 受理/派遣台: the triage queue. Filters and saved views over `GET /cases`, cursor pages, the case drawer on a row
 * (j/k to move, Enter to open, Esc to close), bulk dispatch, and duplicate suggestions compared side by side.
 * The list is kept current by the live socket (no polling); new arrivals glow for a moment.
 */
export default function DeskPage() {
  const { t } = useTranslation('desk');
  const me = useMeRequired();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => fromSearchParams(params) ?? viewFilters(DEFAULT_VIEW), [params]);
  const filterKey = toSearchString(filters);
  const [pageSize, setPageSize] = useState(50);
  // cursor pages belong to one filter set: another filter set (or page size) starts again at its first page
  const pagingKey = `${filterKey}|${pageSize}`;
  const [paging, setPaging] = useState<{ key: string; cursors: (string | null)[] }>({ key: pagingKey, cursors: [null] });
  const cursors = paging.key === pagingKey ? paging.cursors : [null];
  const setCursors = (f: (c: (string | null)[]) => (string | null)[]) => setPaging({ key: pagingKey, cursors: f(cursors) });
  const [sort, setSort] = useState<TableSort | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [drawerId, setDrawerId] = useState<string | null>(null);
  const [compareId, setCompareId] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const fresh = useFreshCases();
  const canDispatch = ACTION_RULES.some((r) => r.action === 'dispatch' && r.roles.includes(me.role));
  // 受理登记 is for the desk (the API lets operators, shift leads and admins report anywhere in the town)
  const canRegister = INTAKE_ROLES.includes(me.role);
  const [intakeOpen, setIntakeOpen] = useState(false);

  // a different filter set starts with nothing selected
  useEffect(() => setSelected([]), [pagingKey]);

  const cursor = cursors[cursors.length - 1];
  const list = useCaseList(toListQuery(filters, { limit: pageSize, cursor }));
  const items = useMemo(() => sortCases(list.data?.items ?? [], sort), [list.data, sort]);
  const ids = useMemo(() => items.map((c) => c.id), [items]);
  const byId = useMemo(() => new Map(items.map((c) => [c.id, c])), [items]);
  // a selected case that left the page (dispatched by someone else, filtered away) is no longer selected
  const selectedCases = selected.map((id) => byId.get(id)).filter((c): c is CaseSummary => !!c && c.state === 'PENDING_DISPATCH');

  const setFilters = useCallback((f: DeskFilters) => setParams(new URLSearchParams(toSearchString(f)), { replace: false }), [setParams]);
  const activate = useCallback(
    (id: string) => {
      setActiveId(id);
      setDrawerId((open) => (open ? id : open));
    },
    [],
  );
  const open = useCallback((id: string) => {
    setActiveId(id);
    setDrawerId(id);
  }, []);

  useListKeyboard({
    ids,
    activeId,
    setActive: activate,
    onOpen: open,
    onClose: () => setDrawerId(null),
    onNew: canRegister ? () => setIntakeOpen(true) : undefined,
    enabled: !bulkOpen && !compareId && !intakeOpen,
  });

  useEffect(() => {
    if (activeId) document.querySelector(`[data-case-id="${activeId}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [activeId]);

  const step = (d: 1 | -1) => {
    if (!ids.length) return;
    const at = drawerId ? ids.indexOf(drawerId) : -1;
    const next = ids[Math.min(ids.length - 1, Math.max(0, at + d))];
    if (next) open(next);
  };

  return (
    // dense: no space inserted between two CJK characters on buttons (派遣, not 派 遣)
    <ConfigProvider button={{ autoInsertSpace: false }}>
      <div className="desk" data-testid="desk">
        <div className="desk-head">
          <Typography.Title level={4} style={{ margin: 0 }}>{t('title')}</Typography.Title>
          <SavedViewsBar userId={me.id} role={me.role} filters={filters} onSelect={setFilters} />
          <span style={{ flex: 1 }} />
          <Typography.Text type="secondary" className="desk-keys">{t('keys.hint')}</Typography.Text>
          {canRegister && (
            <Button type="primary" icon={<PhoneOutlined />} onClick={() => setIntakeOpen(true)} data-testid="intake-open">
              {t('intake.open')}
            </Button>
          )}
        </div>
        <DeskWarningNotice role={me.role} />
        <DeskFilterBar value={filters} onChange={setFilters} onReset={() => setFilters(viewFilters(DEFAULT_VIEW))} />
        {list.isError && (
          <Alert
            type="error"
            showIcon
            title={t('table.error', { message: list.error instanceof Error ? list.error.message : '' })}
            action={<Button size="small" onClick={() => void list.refetch()}>{t('action.retry', { ns: 'common' })}</Button>}
            style={{ marginBottom: 8 }}
          />
        )}
        <div className="desk-toolbar">
          {canDispatch && (
            <Space size={8}>
              <Typography.Text type={selectedCases.length ? undefined : 'secondary'} data-testid="bulk-count">
                {t('bulk.selected', { n: selectedCases.length })}
              </Typography.Text>
              <Button size="small" type="primary" icon={<SendOutlined />} disabled={!selectedCases.length} onClick={() => setBulkOpen(true)} data-testid="bulk-dispatch-open">
                {t('bulk.dispatch')}
              </Button>
              {selectedCases.length > 0 && (
                <Button size="small" type="text" onClick={() => setSelected([])}>
                  {t('bulk.clear')}
                </Button>
              )}
            </Space>
          )}
          <span style={{ flex: 1 }} />
          <Typography.Text type="secondary" data-testid="desk-count">{t('table.loaded', { n: items.length })}</Typography.Text>
          {filters.kpi && (
            <Tag closable onClose={() => setFilters({ ...filters, kpi: undefined, kpiFrom: undefined, kpiTo: undefined, unit: undefined, person: undefined })} closeIcon={<span aria-label={t('table.clearDrill')}>×</span>}>
              {t('table.drill', { kpi: filters.kpi, from: filters.kpiFrom, to: filters.kpiTo })}
            </Tag>
          )}
          {(filters.from || filters.to) && (
            <Tag closable onClose={() => setFilters({ ...filters, from: undefined, to: undefined })} closeIcon={<span aria-label={t('table.clearDrill')}>×</span>} data-testid="desk-window">
              {t('table.window', { from: filters.from ? townTime(filters.from).format('MM-DD HH:mm') : '…', to: filters.to ? townTime(filters.to).format('MM-DD HH:mm') : '…' })}
            </Tag>
          )}
          {list.data?.total !== undefined && <Typography.Text strong data-testid="desk-total">{t('table.total', { n: list.data.total })}</Typography.Text>}
          {/* the list's own query (strings, no page): toListQuery builds it as text, whatever the contract's input type says */}
          <ExportButton path="/cases/export" query={toListQuery(filters) as Record<string, string>} testId="desk-export" />
          <Button size="small" type="text" icon={<ReloadOutlined />} loading={list.isFetching} onClick={() => void list.refetch()} aria-label={t('table.refresh')} />
        </div>
        <CaseTable
          items={items}
          loading={list.isLoading}
          activeId={activeId}
          freshIds={fresh}
          selectedIds={selected}
          onSelect={canDispatch ? setSelected : null}
          selectable={(c) => c.state === 'PENDING_DISPATCH'}
          onOpen={open}
          onCompareDuplicate={setCompareId}
          sort={sort}
          onSort={setSort}
          empty={<SearchEverywhere q={filters.q} onOpen={open} onSearchEverywhere={() => setFilters({ ...EMPTY_FILTERS, open: 'all', q: filters.q })} />}
        />
        <div className="desk-pager">
          <Button size="small" icon={<LeftOutlined />} disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="page-prev">
            {t('table.prev')}
          </Button>
          <Button
            size="small"
            disabled={!list.data?.nextCursor}
            onClick={() => {
              const next = list.data?.nextCursor;
              if (next) setCursors((c) => [...c, next]);
            }}
            data-testid="page-next"
          >
            {t('table.next')} <RightOutlined />
          </Button>
          <Select
            size="small"
            value={pageSize}
            onChange={setPageSize}
            options={PAGE_SIZES.map((n) => ({ value: n, label: t('table.pageSize', { n }) }))}
            style={{ width: 110 }}
          />
        </div>
        <CaseDrawer
          caseId={drawerId}
          onClose={() => setDrawerId(null)}
          onPrev={ids.length > 1 ? () => step(-1) : undefined}
          onNext={ids.length > 1 ? () => step(1) : undefined}
          onCompareDuplicate={(v) => setCompareId(v.case.id)}
        />
        {canRegister && (
          <IntakeDrawer
            open={intakeOpen}
            onClose={() => setIntakeOpen(false)}
            onSaved={(c) => {
              setIntakeOpen(false);
              setActiveId(c.id);
            }}
          />
        )}
        <DuplicateCompareModal caseId={compareId} onClose={() => setCompareId(null)} />
        {canDispatch && (
          <BulkDispatchModal
            open={bulkOpen}
            cases={selectedCases}
            onClose={(done) => {
              setBulkOpen(false);
              setSelected((s) => s.filter((id) => !done.includes(id)));
            }}
          />
        )}
      </div>
    </ConfigProvider>
  );
}
