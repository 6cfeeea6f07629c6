import { AppstoreOutlined, HistoryOutlined } from '@ant-design/icons';
import type { BoardDuty } from '@gridops/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canOpen } from '../../app/home-route';
import { UserMenu } from '../../app/UserMenu';
import { useMeRequired } from '../../auth/AuthProvider';
import { ConnectionBadge } from '../../ui/ConnectionBadge';
import { BoardClock } from './BoardClock';
import { shanghaiDate, shanghaiTime } from './board-time';

/**
 * Title, who is on duty, the clock, whether the wall is live, and the way to the desk for those who work there.
 * Replayed (`replayAt`), the clock is the moment shown under a 回放 label, and the live badge gives way to it.
 */
export function BoardHeader({ duty, replayAt = null, onReplay }: { duty: BoardDuty | undefined; replayAt?: number | null; onReplay?(): void }) {
  const { t, i18n } = useTranslation('board');
  const me = useMeRequired();
  return (
    <header className="board-header">
      <div className="board-title">
        <span className="board-title-mark" aria-hidden />
        <div>
          <h1>{t('title')}</h1>
          <div className="board-title-sub">{t('subtitle')}</div>
        </div>
      </div>
      <div className="board-duty" data-testid="board-duty">
        <span className="board-duty-label">{t('shiftLead')}</span>
        <span className="board-duty-name">{duty?.shiftLead?.displayName ?? t('noShiftLead')}</span>
        {duty && <span className="board-duty-workers">{t('duty.workers', { n: duty.workers.length })}</span>}
      </div>
      {replayAt === null ? (
        <BoardClock />
      ) : (
        <div className="board-clock board-replay-clock" data-testid="replay-clock">
          <span className="board-replay-tag">{t('replay.label')}</span>
          <span className="board-clock-time">{shanghaiTime(replayAt)}</span>
          <span className="board-clock-date">{shanghaiDate(replayAt, i18n.language)}</span>
        </div>
      )}
      <div className="board-header-tools">
        {replayAt === null && <ConnectionBadge className="board-live" />}
        {replayAt === null && onReplay && (
          <button type="button" className="board-desk-link" onClick={onReplay} data-testid="board-replay-link" title={t('replay.open')}>
            <HistoryOutlined /> {t('replay.short')}
          </button>
        )}
        {canOpen(me.role, 'desk') && (
          <Link to="/desk" className="board-desk-link" data-testid="board-desk-link">
            <AppstoreOutlined /> {t('desk')}
          </Link>
        )}
        <UserMenu dark />
      </div>
    </header>
  );
}
