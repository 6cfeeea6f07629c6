import type { DistrictCode } from '@gridops/domain';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../i18n/labels';
import { shanghaiTime } from './board-time';
import { activate } from './activate';
import { Panel } from './Panel';
import { useAlarms } from './useLiveSignals';

/** Alarms raised since the board opened (`alert.raised`): SLA warnings, escalations, sensor alarms. A click opens the case. */
export function AlarmList({ district, max, onOpen }: { district: DistrictCode | null; max: number; onOpen(id: string): void }) {
  const { t } = useTranslation('board');
  const labels = useLabels();
  const all = useAlarms();
  const alarms = useMemo(() => all.filter((a) => !district || a.districtCode === district), [all, district]);
  return (
    <Panel title={t('alarms.title')} extra={alarms.length > 0 ? <span className="board-alarm-count">{alarms.length}</span> : undefined} testId="alarms" className="board-alarms">
      {alarms.length === 0 ? (
        <div className="board-empty small">{t('alarms.none')}</div>
      ) : (
        <ol className="board-alarm-list" data-whole-lines>
          {alarms.slice(0, max).map((a) => (
            <li key={`${a.kind}:${a.caseId}:${a.at}`} className={`alarm-${a.kind.replace('.', '-')}`} data-testid="alarm" {...activate(() => onOpen(a.caseId))}>
              <span className="alarm-head">
                <span className="alarm-time">{shanghaiTime(a.at)}</span>
                <span className="alarm-kind">{t(`alarms.kind.${a.kind}`, { defaultValue: a.kind })}</span>
                <span className="alarm-number">{a.number}</span>
              </span>
              <span className="alarm-text">
                {labels.district(a.districtCode)} · {a.message}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
