import { AppstoreOutlined } from '@ant-design/icons';
import type { BoardDuty } from '@gridops/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canOpen } from '../../app/home-route';
import { UserMenu } from '../../app/UserMenu';
import { useMeRequired } from '../../auth/AuthProvider';
import { ConnectionBadge } from '../../ui/ConnectionBadge';
import { BoardClock } from './BoardClock';

/** Title, who is on duty, the clock, whether the wall is live, and the way to the desk for those who work there. */
export function BoardHeader({ duty }: { duty: BoardDuty | undefined }) {
  const { t } = useTranslation('board');
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
      <BoardClock />
      <div className="board-header-tools">
        <ConnectionBadge className="board-live" />
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
