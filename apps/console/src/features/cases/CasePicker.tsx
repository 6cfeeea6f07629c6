import { Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '@gridops/contracts';
import type { DistrictCode } from '@gridops/domain';
import { useCaseList, useCaseView } from '../../api/queries';
import { StateTag } from '../../ui/StateTag';
import { useCaseNames } from './useCaseNames';
import './messages';

interface CasePickerProps {
  value?: string;
  onChange?: (id: string | undefined) => void;
  /** the case being merged: never offered as its own target */
  excludeId: string;
  /** search within this 片区 (a duplicate is a problem at the same place) */
  districtCode?: DistrictCode;
  id?: string;
}

/** Pick an open case by number, description or address (the merge target, 合并到). */
export function CasePicker({ value, onChange, excludeId, districtCode, id }: CasePickerProps) {
  const { t } = useTranslation('cases');
  const names = useCaseNames();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const list = useCaseList({ open: 'true', limit: 20, ...(districtCode ? { district: districtCode } : {}), ...(q ? { q } : {}) });
  // the chosen case may not be in the search results (e.g. the suggested duplicate): load it to label it
  const chosen = useCaseView(value);
  const items = useMemo(() => {
    const found = (list.data?.items ?? []).filter((c) => c.id !== excludeId);
    const picked = chosen.data?.case;
    return picked && !found.some((c) => c.id === picked.id) ? [picked as CaseSummary, ...found] : found;
  }, [list.data, chosen.data, excludeId]);

  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      allowClear
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={list.isFetching}
      placeholder={t('action.placeholder.target')}
      notFoundContent={list.isFetching ? t('misc.loading', { ns: 'common' }) : t('action.noCases')}
      style={{ width: '100%' }}
      optionLabelProp="short"
      options={items.map((c) => ({
        value: c.id,
        short: `${c.number} · ${names.category(c.categoryCode)}`,
        label: (
          <Space size={6} style={{ width: '100%' }}>
            <Typography.Text code>{c.number}</Typography.Text>
            <StateTag state={c.state} />
            <span>{names.category(c.categoryCode)}</span>
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 260 }}>{c.description}</Typography.Text>
          </Space>
        ),
      }))}
      data-testid="case-picker"
    />
  );
}
