import { Badge, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LiveState } from '@gridops/live-client';
import { useLiveState } from '../live/LiveProvider';

const STATUS: Record<LiveState, 'processing' | 'success' | 'warning' | 'error'> = {
  connecting: 'processing',
  live: 'success',
  reconnecting: 'warning',
  stale: 'error',
};

/** Always visible: whether what the screen shows is live (实时), reconnecting (重连中) or possibly stale. */
export function ConnectionBadge({ className }: { className?: string }) {
  const { t } = useTranslation();
  const state = useLiveState();
  return (
    <Tooltip title={t(`live.${state}`)}>
      <span className={className} data-testid="live-state" data-state={state}>
        <Badge status={STATUS[state]} text={<span style={{ color: 'inherit' }}>{t(`live.${state}`)}</span>} />
      </span>
    </Tooltip>
  );
}
