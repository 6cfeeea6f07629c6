import { useQuery } from '@tanstack/react-query';
import { Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SUGGESTION_TEXT_MAX, type CategoryView, type SuggestionsView } from '@gridops/contracts';
import { api } from '../../api/http';
import { useLabels } from '../../i18n/labels';
import './messages';

/** Fewest characters of description before a suggestion is asked for, and the pause after typing. */
const MIN_TEXT = 4;
const DEBOUNCE_MS = 350;

/**
 * 人机协同: the three categories the model (trained on the town's closed cases, docs/suggestions.md) reads in the
 * description, with its confidence, as chips under the description. A click — or Alt+1…3 anywhere in the form —
 * takes one; the category field stays the operator's. The chips are not Tab stops (antd renders them as spans): the keyboard flow of the form
 * (category → description → cell) does not change. No model yet, or nothing it knows: nothing is shown.
 */
export function CategorySuggestions({
  description,
  categories,
  chosen,
  onPick,
}: {
  description: string;
  categories: readonly CategoryView[];
  chosen: string | null;
  onPick: (code: string) => void;
}) {
  const { t } = useTranslation('desk');
  const labels = useLabels();
  const [text, setText] = useState('');
  useEffect(() => {
    const next = description.trim().slice(0, SUGGESTION_TEXT_MAX);
    const timer = setTimeout(() => setText(next.length >= MIN_TEXT ? next : ''), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [description]);
  const suggestions = useQuery({
    queryKey: ['suggestions', 'category', text],
    queryFn: ({ signal }) => api<SuggestionsView>('/suggestions/category', { query: { text }, signal }),
    enabled: text.length > 0,
    staleTime: 60_000,
    retry: false,
  });
  const items = text ? (suggestions.data?.categories ?? []) : [];
  const byCode = new Map(categories.map((c) => [c.code, c]));

  // Alt+1…3 takes a suggestion from anywhere in the form
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const n = Number(e.code.replace('Digit', ''));
      if (!(n >= 1 && n <= items.length)) return;
      if (!(e.target instanceof Element) || !e.target.closest('.desk-intake')) return;
      e.preventDefault();
      onPick(items[n - 1].code);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, onPick]);

  if (items.length === 0) return null;
  return (
    <div className="desk-suggestions" data-testid="intake-suggestions" data-model-version={suggestions.data?.modelVersion ?? undefined}>
      <Typography.Text type="secondary" className="desk-suggestions-label">{t('intake.suggested')}</Typography.Text>
      {items.map((s, i) => {
        const cat = byCode.get(s.code);
        const name = cat ? labels.name(cat.nameZh, cat.nameEn) : s.code;
        return (
          <Tag.CheckableTag
            key={s.code}
            checked={chosen === s.code}
            onChange={() => onPick(s.code)}
            data-testid="intake-suggestion"
            data-code={s.code}
          >
            <span title={t('intake.suggestionTitle', { n: i + 1, name, code: s.code, pct: Math.round(s.confidence * 100) })}>
              <span className="desk-suggestion-key">{i + 1}</span> {name} <span className="desk-suggestion-pct">{Math.round(s.confidence * 100)}%</span>
            </span>
          </Tag.CheckableTag>
        );
      })}
    </div>
  );
}
