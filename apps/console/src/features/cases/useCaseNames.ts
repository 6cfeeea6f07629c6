import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '@gridops/domain';
import { useCategories, useGridCells, useUnits, useUsers } from '../../api/queries';
import { useAuth } from '../../auth/AuthProvider';
import { useLabels } from '../../i18n/labels';
import './messages';

/** Roles that may list users (`GET /users`): others see people by the names the timeline carries. */
export const LISTS_USERS: readonly Role[] = ['admin', 'shift_lead', 'operator'];

/**
 * Names for the codes and ids a case carries (category, grid cell, unit, user), in the current language, from the
 * directory queries every screen shares (cached for the session).
 */
export function useCaseNames() {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const { me } = useAuth();
  const categories = useCategories();
  const cells = useGridCells();
  const units = useUnits();
  const users = useUsers(!!me && LISTS_USERS.includes(me.role));
  return useMemo(() => {
    const cat = new Map((categories.data ?? []).map((c) => [c.code, c]));
    const cell = new Map((cells.data ?? []).map((c) => [c.code, c]));
    const unit = new Map((units.data ?? []).map((u) => [u.code, u]));
    const user = new Map((users.data ?? []).map((u) => [u.id, u]));
    return {
      category: (code: string) => {
        const c = cat.get(code);
        return c ? labels.name(c.nameZh, c.nameEn) : code;
      },
      categoryView: (code: string) => cat.get(code),
      grid: (code: string) => {
        const c = cell.get(code);
        return c ? labels.name(c.nameZh, c.nameEn) : code;
      },
      unit: (code: string) => {
        const u = unit.get(code);
        return u ? labels.name(u.nameZh, u.nameEn) : code;
      },
      user: (id: string) => {
        if (me && id === me.id) return me.displayName;
        return user.get(id)?.displayName ?? t('misc.unknown', { ns: 'common' });
      },
      /** "刘洋（网格员）" or "城管中队" or — */
      assignee: (c: { assigneeUserId: string | null; assigneeUnitCode: string | null }) => {
        if (c.assigneeUserId) {
          const u = user.get(c.assigneeUserId);
          const name = me && c.assigneeUserId === me.id ? me.displayName : u?.displayName;
          if (!name) return c.assigneeUnitCode ? unit.get(c.assigneeUnitCode)?.nameZh ?? c.assigneeUnitCode : t('misc.unknown', { ns: 'common' });
          return u ? `${name}（${labels.role(u.role)}）` : name;
        }
        if (c.assigneeUnitCode) {
          const u = unit.get(c.assigneeUnitCode);
          return u ? labels.name(u.nameZh, u.nameEn) : c.assigneeUnitCode;
        }
        return '—';
      },
      users: users.data ?? [],
      units: units.data ?? [],
      categories: categories.data ?? [],
      gridCells: cells.data ?? [],
    };
    // labels change only with the language
  }, [categories.data, cells.data, units.data, users.data, labels.lang, me, t]);
}
