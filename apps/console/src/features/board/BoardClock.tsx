import { useTranslation } from 'react-i18next';
import { useNow } from '../../ui/useNow';
import { shanghaiDate, shanghaiTime } from './board-time';

/** Time and date in Shanghai, ticking every second (its own component, so the tick re-renders nothing else). */
export function BoardClock() {
  const { i18n } = useTranslation();
  const now = useNow(1000);
  return (
    <div className="board-clock" data-testid="board-clock">
      <span className="board-clock-time">{shanghaiTime(now)}</span>
      <span className="board-clock-date">{shanghaiDate(now, i18n.language)}</span>
    </div>
  );
}
