import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatRate, rateTone } from './kpi';

const R = 44;
const SWEEP = 270; // degrees of the ring; the gap points down
const CIRC = 2 * Math.PI * R;
const ARC = (CIRC * SWEEP) / 360;

/** A point on the ring at `fraction` of the sweep (0 = lower left, 1 = lower right), for the target tick. */
function at(fraction: number, radius: number): [number, number] {
  const deg = 135 + SWEEP * fraction; // start at lower left, clockwise
  const rad = (deg * Math.PI) / 180;
  return [60 + radius * Math.cos(rad), 60 + radius * Math.sin(rad)];
}

/**
 * A rate against its target (按期结案率 / 基层解决率 vs 90%): a ring filled to the rate (the figure inside it), a tick at the target, green
 * at or above it, yellow just under, red below; "—" when nothing can be measured yet.
 */
export function RateMeter({ label, rate, monthRate, target, basis, testId }: { label: string; rate: number | null; monthRate: number | null; target: number; basis?: ReactNode; testId?: string }) {
  const { t } = useTranslation('board');
  const tone = rateTone(rate, target);
  const filled = rate === null ? 0 : Math.min(1, Math.max(0, rate));
  const [x1, y1] = at(target, R - 11);
  const [x2, y2] = at(target, R + 11);
  return (
    <div className={`board-rate tone-${tone}`} data-testid={testId} data-tone={tone}>
      <div className="board-rate-dial">
        <svg viewBox="0 0 120 120" className="board-rate-ring" aria-hidden>
          <circle cx="60" cy="60" r={R} className="ring-track" strokeDasharray={`${ARC} ${CIRC}`} transform="rotate(135 60 60)" />
          <circle cx="60" cy="60" r={R} className="ring-fill" strokeDasharray={`${ARC * filled} ${CIRC}`} transform="rotate(135 60 60)" />
          <line x1={x1} y1={y1} x2={x2} y2={y2} className="ring-target" />
        </svg>
        <div className="board-rate-value" data-testid={testId ? `${testId}-value` : undefined}>{formatRate(rate)}</div>
      </div>
      <div className="board-rate-text">
        <div className="board-rate-label">{label}</div>
        <div className="board-rate-sub">{t('target', { v: formatRate(target) })}</div>
        <div className="board-rate-sub">{t('monthRate', { v: formatRate(monthRate) })}</div>
        {basis && <div className="board-rate-sub">{basis}</div>}
      </div>
    </div>
  );
}
