import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { DistrictCode } from '@gridops/domain';
import { useMeRequired } from '../../auth/AuthProvider';
import { canOpen } from '../../app/home-route';
import { activate } from '../board/activate';
import { shanghaiTime } from '../board/board-time';
import { Panel } from '../board/Panel';
import { useWarnings } from './warnings-api';
import './messages';

/**
 * The wall board's 趋势预警 panel: the trend warnings still raised in the board's scope, newest first — what rose, by
 * how much, against what usual count, in words (the warning's own sentence). A new one arrives live; a click opens
 * the warnings list for those who may acknowledge.
 */
export function TrendWarningsPanel({ district, max }: { district: DistrictCode | null; max: number }) {
  const { t, i18n } = useTranslation('warnings');
  const me = useMeRequired();
  const navigate = useNavigate();
  const q = useWarnings({ status: 'all', active: 'true', limit: max, ...(district ? { district } : {}) });
  const items = q.data?.items ?? [];
  const en = i18n.language === 'en';
  const open = canOpen(me.role, 'warnings') ? () => void navigate('/warnings') : undefined;
  return (
    <Panel title={t('title')} extra={items.length > 0 ? <span className="board-alarm-count">{items.length}</span> : undefined} testId="trend-warnings" className="board-trends">
      {items.length === 0 ? (
        <div className="board-empty small">{t('none')}</div>
      ) : (
        <ol className="board-trend-list" data-whole-lines>
          {items.map((w) => (
            <li key={w.id} data-testid="trend-warning" className={w.acknowledgedAt ? 'acknowledged' : ''} {...(open ? activate(open) : {})}>
              <span className="trend-head">
                <span className="trend-time">{shanghaiTime(w.raisedAt)}</span>
                <span className="trend-window">{t(`window.${w.window}`)}</span>
                {w.acknowledgedAt && <span className="trend-ack">✓ {t('acknowledged')}</span>}
              </span>
              <span className="trend-text">{en ? w.message.en : w.message.zh}</span>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
