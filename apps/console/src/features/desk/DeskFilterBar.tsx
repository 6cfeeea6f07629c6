import { ClearOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Input, Segmented, Select, Space, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_STATES, DISTRICT_CODES, LIGHTS, SOURCES } from '@gridops/domain';
import { useLabels } from '../../i18n/labels';
import { LightDot } from '../../ui/StateTag';
import { useCaseNames } from '../cases/useCaseNames';
import type { DeskFilters } from './desk-filters';
import './messages';

interface DeskFilterBarProps {
  value: DeskFilters;
  onChange: (f: DeskFilters) => void;
  onReset: () => void;
}

const FLAGS = ['supervised', 'urgent', 'held', 'duplicate'] as const;

/** Every filter the case list API takes, in one dense row. Text search waits for a pause in typing. */
export function DeskFilterBar({ value, onChange, onReset }: DeskFilterBarProps) {
  const { t } = useTranslation('desk');
  const labels = useLabels();
  const names = useCaseNames();
  const [text, setText] = useState(value.q ?? '');
  // the latest filters and callback, read when the typing pause ends (another filter may have changed meanwhile)
  const latest = useRef({ value, onChange });
  latest.current = { value, onChange };
  useEffect(() => setText(value.q ?? ''), [value.q]);
  useEffect(() => {
    const { value: now } = latest.current;
    if ((now.q ?? '') === text.trim()) return;
    const timer = setTimeout(() => latest.current.onChange({ ...latest.current.value, q: text.trim() || undefined }), 400);
    return () => clearTimeout(timer);
  }, [text]);

  const set = <K extends keyof DeskFilters>(k: K, v: DeskFilters[K]) => onChange({ ...value, [k]: v });
  const cells = names.gridCells.filter((c) => value.district.length === 0 || value.district.includes(c.districtCode));
  const multi = { mode: 'multiple' as const, size: 'small' as const, allowClear: true, maxTagCount: 'responsive' as const };

  return (
    <div className="desk-filters" data-testid="desk-filters">
      <Input
        size="small"
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('filter.search')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onPressEnter={() => onChange({ ...value, q: text.trim() || undefined })}
        style={{ width: 220 }}
        data-testid="filter-q"
      />
      <Select
        {...multi}
        placeholder={t('filter.state')}
        value={value.state}
        onChange={(v) => set('state', v)}
        options={CASE_STATES.map((s) => ({ value: s, label: labels.state(s) }))}
        style={{ width: 250 }}
        data-testid="filter-state"
      />
      <Select
        {...multi}
        placeholder={t('filter.district')}
        value={value.district}
        onChange={(v) => onChange({ ...value, district: v, grid: value.grid.filter((g) => v.length === 0 || v.some((d) => g.startsWith(`${d}-`))) })}
        options={DISTRICT_CODES.map((d) => ({ value: d, label: labels.district(d) }))}
        style={{ width: 140 }}
        data-testid="filter-district"
      />
      <Select
        {...multi}
        placeholder={t('filter.grid')}
        value={value.grid}
        onChange={(v) => set('grid', v)}
        options={cells.map((c) => ({ value: c.code, label: labels.name(c.nameZh, c.nameEn) }))}
        style={{ width: 150 }}
        data-testid="filter-grid"
      />
      <Select
        {...multi}
        placeholder={t('filter.category')}
        value={value.category}
        onChange={(v) => set('category', v)}
        showSearch={{ optionFilterProp: 'search' }}
        options={names.categories.map((c) => ({ value: c.code, label: `${c.code} ${labels.name(c.nameZh, c.nameEn)}`, search: `${c.code} ${c.nameZh} ${c.nameEn}` }))}
        style={{ width: 170 }}
        data-testid="filter-category"
      />
      <Select
        {...multi}
        placeholder={t('filter.source')}
        value={value.source}
        onChange={(v) => set('source', v)}
        options={SOURCES.map((s) => ({ value: s, label: labels.source(s) }))}
        style={{ width: 140 }}
        data-testid="filter-source"
      />
      <Select
        {...multi}
        placeholder={t('filter.light')}
        value={value.light}
        onChange={(v) => set('light', v)}
        options={LIGHTS.map((l) => ({ value: l, label: <span><LightDot light={l} size={8} /> {t(`light.${l}`, { ns: 'common' })}</span> }))}
        style={{ width: 130 }}
        data-testid="filter-light"
      />
      <Space size={2}>
        {FLAGS.map((k) => (
          <Tag.CheckableTag
            key={k}
            checked={value[k] === true}
            onChange={(on) => set(k, on ? true : undefined)}
            data-testid={`filter-${k}`}
            className={value[k] === false ? 'desk-flag-negated' : undefined}
          >
            {value[k] === false ? `${t('filter.no')}${t(`filter.${k}`)}` : t(`filter.${k}`)}
          </Tag.CheckableTag>
        ))}
      </Space>
      <Segmented
        size="small"
        value={value.open}
        onChange={(v) => set('open', v as DeskFilters['open'])}
        options={(['true', 'false', 'all'] as const).map((o) => ({ value: o, label: t(`filter.open.${o}`) }))}
        data-testid="filter-open"
      />
      <Button size="small" type="text" icon={<ClearOutlined />} onClick={onReset} data-testid="filter-reset">
        {t('filter.reset')}
      </Button>
    </div>
  );
}
