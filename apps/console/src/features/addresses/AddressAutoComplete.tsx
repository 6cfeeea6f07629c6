import { AutoComplete, Input, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ADDRESS_QUERY_MAX, type AddressMatch, type AddressSearchResult } from '@gridops/contracts';
import { api } from '../../api/http';
import { useLabels } from '../../i18n/labels';
import './messages';

export interface AddressAutoCompleteProps {
  value: string;
  /** typing: the text is free again (no entry chosen) */
  onChange: (text: string) => void;
  /** an entry of the library picked from the suggestions */
  onPick: (entry: AddressMatch) => void;
  maxLength?: number;
  'data-testid'?: string;
}

/** Typing pauses this long before the library is asked (each answer takes a few ms; keystrokes come faster). */
const DEBOUNCE_MS = 200;

/**
 * An address field that suggests entries of the standard address library (标准地址库, `GET /addresses/search`) as
 * the operator types: arrows and Enter pick one (keyboard only), and the caller places the map pin from it. A text
 * nothing matches stays as typed. The library's verdict is shown beside: one entry (resolved) or several.
 */
export function AddressAutoComplete({ value, onChange, onPick, maxLength = 200, 'data-testid': testId }: AddressAutoCompleteProps) {
  const { t } = useTranslation('addresses');
  const labels = useLabels();
  const [q, setQ] = useState('');
  useEffect(() => {
    const text = value.trim().slice(0, ADDRESS_QUERY_MAX);
    const timer = setTimeout(() => setQ(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [value]);
  const found = useQuery({
    queryKey: ['addresses', 'search', q],
    queryFn: () => api<AddressSearchResult>('/addresses/search', { query: { q, limit: '8' } }),
    enabled: q.length > 0,
    staleTime: 60_000,
  });
  const items = q && found.data?.q === q ? found.data.items : [];
  const options = items.map((a) => ({
    value: a.id,
    label: (
      <div className="address-option" title={a.standardText} data-testid="address-option">
        <span className="address-option-text">{a.standardText}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
          {t(`kinds.${a.kind}`)} · {labels.district(a.districtCode)} · {a.gridCellCode}
        </Typography.Text>
        {a.schematic && (
          <Tag style={{ marginLeft: 6 }} bordered={false}>
            {t('schematic')}
          </Tag>
        )}
      </div>
    ),
  }));
  return (
    <AutoComplete
      value={value}
      options={options}
      // the first suggestion is active as soon as the list opens: Enter takes it, arrows move
      defaultActiveFirstOption
      onChange={(text: string) => {
        // choosing an option reports its value (the id) through onChange as well: onSelect handles that one
        if (items.some((a) => a.id === text)) return;
        onChange(text);
      }}
      onSelect={(id: string) => {
        const entry = items.find((a) => a.id === id);
        if (entry) onPick(entry);
      }}
      notFoundContent={q && found.data?.q === q && found.data.status === 'none' ? t('noMatch') : undefined}
      style={{ width: '100%' }}
    >
      <Input maxLength={maxLength} placeholder={t('placeholder')} data-testid={testId} />
    </AutoComplete>
  );
}
