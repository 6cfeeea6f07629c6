import { CheckOutlined, RightOutlined, SearchOutlined } from '@ant-design/icons';
import { Drawer, Empty, Input, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoryView } from '@gridops/contracts';
import { useLabels } from '../../i18n/labels';
import { searchCategories } from './report-form';

/** A category field that opens a searchable list (by name or code), 部件 and 事件 apart. */
export function CategoryPicker({ categories, value, onChange, invalid }: { categories: CategoryView[]; value: string | null; onChange: (code: string) => void; invalid?: boolean }) {
  const { t } = useTranslation('field');
  const labels = useLabels();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const found = useMemo(() => searchCategories(categories, query), [categories, query]);
  const chosen = categories.find((c) => c.code === value);
  const name = (c: CategoryView) => labels.name(c.nameZh, c.nameEn);

  return (
    <>
      <button
        type="button"
        className={`field-picker-btn${chosen ? '' : ' placeholder'}${invalid ? ' error' : ''}`}
        onClick={() => setOpen(true)}
        aria-haspopup="dialog"
        data-testid="category-picker"
      >
        <span>{chosen ? `${name(chosen)} · ${chosen.code}` : t('report.categoryPlaceholder')}</span>
        <RightOutlined />
      </button>
      <Drawer open={open} onClose={() => setOpen(false)} placement="bottom" size="88vh" title={t('report.category')} className="field-sheet" destroyOnHidden>
        <Input
          autoFocus
          allowClear
          prefix={<SearchOutlined />}
          size="large"
          placeholder={t('report.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="category-search"
        />
        {found.length === 0 && <Empty description={t('report.noMatch')} style={{ marginTop: 32 }} />}
        {(['event', 'component'] as const).map((kind) => {
          const list = found.filter((c) => c.kind === kind);
          if (list.length === 0) return null;
          return (
            <div key={kind}>
              <div className="category-group">{t(`report.${kind}`)}</div>
              <ul className="category-list" role="listbox">
                {list.map((c) => (
                  <li key={c.code}>
                    <button
                      type="button"
                      role="option"
                      aria-selected={c.code === value}
                      onClick={() => {
                        onChange(c.code);
                        setOpen(false);
                        setQuery('');
                      }}
                      data-testid={`category-${c.code}`}
                    >
                      <span className="code">{c.code}</span>
                      <span className="name">{name(c)}</span>
                      {c.selfDisposable && <Tag color="green">{t('report.selfFix')}</Tag>}
                      {c.code === value && <CheckOutlined />}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </Drawer>
    </>
  );
}
