import { Tooltip } from 'antd';
import type { Light } from '@gridops/domain';
import { useTranslation } from 'react-i18next';
import { LIGHT_TEXT_COLORS, formatCountdown, lightAt } from './countdown';
import { useNow } from './useNow';
import { townTime } from './town-time';

/** A deadline counting down live, coloured by its traffic light; the exact time on hover. */
export function Countdown({ dueAt, yellowAt = null, light, tick = 1000 }: { dueAt: string | null; yellowAt?: string | null; light?: Light | null; tick?: number }) {
  const { i18n } = useTranslation();
  const now = useNow(tick);
  if (!dueAt) return <span>—</span>;
  // the server's light wins while it is known (it also knows about suspension); time only makes it worse
  const computed = lightAt(now, dueAt, yellowAt);
  const shown: Light | null = computed === 'red' || light === 'red' ? 'red' : light === 'yellow' || computed === 'yellow' ? 'yellow' : computed;
  return (
    <Tooltip title={townTime(dueAt).format('YYYY-MM-DD HH:mm')}>
      <span data-testid="countdown" data-light={shown ?? 'none'} style={{ color: shown ? LIGHT_TEXT_COLORS[shown] : undefined, fontVariantNumeric: 'tabular-nums', fontWeight: 500 }}>
        {formatCountdown(dueAt, now, i18n.language)}
      </span>
    </Tooltip>
  );
}
