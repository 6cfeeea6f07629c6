import { CloseOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Input, Modal, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '@gridops/domain';
import type { DeskFilters } from './desk-filters';
import { builtinViews, deleteOwnView, loadOwnViews, matchingView, saveOwnView, viewFilters, type SavedView } from './saved-views';
import './messages';

interface SavedViewsBarProps {
  userId: string;
  role: Role;
  filters: DeskFilters;
  onSelect: (f: DeskFilters) => void;
}

/** The built-in views and the operator's own, one click each; the current filters can be saved under a name. */
export function SavedViewsBar({ userId, role, filters, onSelect }: SavedViewsBarProps) {
  const { t } = useTranslation('desk');
  const { message } = App.useApp();
  const [own, setOwn] = useState<SavedView[]>(() => loadOwnViews(userId));
  const [naming, setNaming] = useState<string | null>(null);
  const builtin = builtinViews(role);
  const active = matchingView([...builtin, ...own], filters);
  const label = (v: SavedView) => (v.builtin ? t(`view.${v.id}`) : (v.name ?? ''));

  const save = () => {
    const name = (naming ?? '').trim();
    if (!name) return;
    setOwn(saveOwnView(userId, name, filters));
    setNaming(null);
    void message.success(t('view.saved', { name }));
  };

  return (
    <div className="desk-views" data-testid="saved-views">
      <Space size={4} wrap>
        {builtin.map((v) => (
          <Button key={v.id} size="small" type={active?.id === v.id ? 'primary' : 'text'} onClick={() => onSelect(viewFilters(v))} data-testid={`view-${v.id}`}>
            {label(v)}
          </Button>
        ))}
        {own.length > 0 && <span className="desk-views-sep" />}
        {own.map((v) => (
          <Space.Compact key={v.id} size="small">
            <Button size="small" type={active?.id === v.id ? 'primary' : 'default'} onClick={() => onSelect(viewFilters(v))} data-testid="own-view">
              {label(v)}
            </Button>
            <Tooltip title={t('view.delete')}>
              <Button
                size="small"
                icon={<CloseOutlined style={{ fontSize: 10 }} />}
                aria-label={t('view.delete')}
                onClick={() => {
                  setOwn(deleteOwnView(userId, v.id));
                  void message.info(t('view.deleted', { name: label(v) }));
                }}
              />
            </Tooltip>
          </Space.Compact>
        ))}
        {!active && (
          <Button size="small" type="dashed" icon={<SaveOutlined />} onClick={() => setNaming('')} data-testid="save-view">
            {t('view.save')}
          </Button>
        )}
      </Space>
      <Modal
        open={naming !== null}
        title={t('view.saveTitle')}
        onCancel={() => setNaming(null)}
        onOk={save}
        okButtonProps={{ disabled: !naming?.trim(), ...({ 'data-testid': 'save-view-ok' } as Record<string, string>) }}
        destroyOnHidden
        width={380}
      >
        <Input
          autoFocus
          maxLength={40}
          placeholder={t('view.namePlaceholder')}
          value={naming ?? ''}
          onChange={(e) => setNaming(e.target.value)}
          onPressEnter={save}
          aria-label={t('view.name')}
          data-testid="save-view-name"
        />
      </Modal>
    </div>
  );
}
