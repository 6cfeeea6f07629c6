import { Tag } from 'antd';
import type { CaseState, Light } from '@gridops/domain';
import { useLabels } from '../i18n/labels';
import { LIGHT_COLORS } from './countdown';

const STATE_COLORS: Partial<Record<CaseState, string>> = {
  REPORTED: 'default', PENDING_VERIFY: 'purple', PENDING_FILE: 'purple', PENDING_DISPATCH: 'orange', DISPATCHED: 'blue',
  IN_PROGRESS: 'processing', RETURN_REQUESTED: 'magenta', EXTENSION_REQUESTED: 'magenta', SUSPEND_REQUESTED: 'magenta',
  SUSPENDED: 'default', HANDLED: 'cyan', SELF_DISPOSED: 'cyan', PENDING_CHECK: 'geekblue', REWORK: 'volcano',
  PENDING_CLOSE: 'lime', CLOSED: 'success', VOID: 'default',
};

export function StateTag({ state }: { state: CaseState }) {
  const labels = useLabels();
  return <Tag color={STATE_COLORS[state]}>{labels.state(state)}</Tag>;
}

/** A traffic-light dot (红黄绿灯) with its meaning for screen readers. */
export function LightDot({ light, size = 10 }: { light: Light | null; size?: number }) {
  const labels = { green: '正常', yellow: '临期', red: '超期' } as const;
  return (
    <span
      role="img"
      aria-label={light ? labels[light] : '—'}
      data-light={light ?? 'none'}
      style={{ display: 'inline-block', width: size, height: size, borderRadius: '50%', background: light ? LIGHT_COLORS[light] : '#bfbfbf', verticalAlign: 'middle' }}
    />
  );
}
