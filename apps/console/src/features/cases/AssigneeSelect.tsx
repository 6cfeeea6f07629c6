import { Select, Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DistrictCode } from '@gridops/domain';
import { useLabels } from '../../i18n/labels';
import { encodeAssignee } from './action-form-spec';
import { useCaseNames } from './useCaseNames';
import './messages';

interface AssigneeSelectProps {
  value?: string;
  onChange?: (v: string | undefined) => void;
  /**
   * The 片区 of the case(s): its grid workers are offered (a grid worker takes cases of their own 片区 only).
   * null when several 片区 are involved (bulk dispatch across districts): only units are offered then.
   */
  districtCode: DistrictCode | null;
  /** the category's default unit is marked as the suggestion */
  suggestedUnitCode?: string | null;
  autoFocus?: boolean;
  id?: string;
}

/**
 * Who a case can be dispatched to: the active grid workers of its 片区, the 处置单位, and unit staff by unit —
 * exactly the people the API accepts for `dispatch`. Values are `user:<id>` / `unit:<code>`.
 */
export function AssigneeSelect({ value, onChange, districtCode, suggestedUnitCode, autoFocus, id }: AssigneeSelectProps) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const names = useCaseNames();
  const options = useMemo(() => {
    const active = names.users.filter((u) => u.active);
    const workers = districtCode ? active.filter((u) => u.role === 'grid_worker' && u.districtCode === districtCode) : [];
    const staff = active.filter((u) => u.role === 'unit_staff');
    const units = [...names.units].sort((a, b) => Number(b.code === suggestedUnitCode) - Number(a.code === suggestedUnitCode));
    const groups = [];
    if (workers.length) {
      groups.push({
        label: t('action.group.gridWorkers', { district: labels.district(districtCode) }),
        options: workers.map((u) => ({ value: encodeAssignee({ userId: u.id }) as string, label: u.displayName, search: `${u.displayName} ${u.username}` })),
      });
    }
    groups.push({
      label: t('action.group.units'),
      options: units.map((u) => ({
        value: encodeAssignee({ unitCode: u.code }) as string,
        label: (
          <span>
            {labels.name(u.nameZh, u.nameEn)}
            {u.code === suggestedUnitCode && <Tag color="blue" style={{ marginInlineStart: 8 }}>{t('action.suggested')}</Tag>}
          </span>
        ),
        search: `${u.nameZh} ${u.nameEn} ${u.code}`,
      })),
    });
    if (staff.length) {
      groups.push({
        label: t('action.group.unitStaff'),
        options: staff.map((u) => ({
          value: encodeAssignee({ userId: u.id }) as string,
          label: `${u.displayName} · ${u.unitCode ? names.unit(u.unitCode) : ''}`,
          search: `${u.displayName} ${u.username} ${u.unitCode ? names.unit(u.unitCode) : ''}`,
        })),
      });
    }
    return groups;
  }, [names, districtCode, suggestedUnitCode, t, labels]);

  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      options={options}
      showSearch={{ optionFilterProp: 'search' }}
      placeholder={t('action.placeholder.assignee')}
      autoFocus={autoFocus}
      allowClear
      style={{ width: '100%' }}
      data-testid="assignee-select"
    />
  );
}
