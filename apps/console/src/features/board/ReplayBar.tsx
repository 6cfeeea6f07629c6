import { CaretRightOutlined, PauseOutlined, RollbackOutlined } from '@ant-design/icons';
import { townDateOf, townDayStart } from '@gridops/domain';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shanghaiTime } from './board-time';
import { REPLAY_TICK_MS, nextReplayMoment } from './replay-moment';

const MINUTE = 60_000;

/**
 * 回放: the scrubber over the replayed Shanghai day (a minute a step, up to now), play at ×60 (a replayed minute a
 * second) and pause, and the way back to the live wall. `onMove` sets the moment shown (the page's `?at=`).
 */
export function ReplayBar({ at, onMove, onLive }: { at: number; onMove(at: number): void; onLive(): void }) {
  const { t } = useTranslation('board');
  const [playing, setPlaying] = useState(false);
  const [draft, setDraft] = useState<number | null>(null);
  const dayStart = townDayStart(townDateOf(new Date(at))).getTime();
  const dayEnd = Math.min(dayStart + 1440 * MINUTE - MINUTE, Date.now());
  const shown = draft ?? at;

  // ×60: the moment moves a minute each second until now, then the replay pauses
  useEffect(() => {
    if (!playing) return;
    const timer = setTimeout(() => {
      const now = Date.now();
      const next = nextReplayMoment(at, REPLAY_TICK_MS, now);
      if (next >= now) setPlaying(false);
      onMove(next);
    }, REPLAY_TICK_MS);
    return () => clearTimeout(timer);
  }, [playing, at, onMove]);

  const commit = () => {
    if (draft === null) return;
    onMove(draft);
    setDraft(null);
  };

  return (
    <div className="board-replay-bar" data-testid="replay-bar">
      <button type="button" className="board-replay-play" onClick={() => setPlaying((p) => !p)} data-testid="replay-play" aria-pressed={playing}>
        {playing ? <PauseOutlined /> : <CaretRightOutlined />} {playing ? t('replay.pause') : t('replay.play')}
      </button>
      <span className="board-replay-edge">{shanghaiTime(dayStart).slice(0, 5)}</span>
      <input
        type="range"
        className="board-replay-slider"
        aria-label={t('replay.scrubber')}
        data-testid="replay-slider"
        min={dayStart}
        max={Math.max(dayEnd, dayStart)}
        step={MINUTE}
        value={Math.min(Math.max(shown, dayStart), Math.max(dayEnd, dayStart))}
        onChange={(e) => {
          setPlaying(false);
          setDraft(Number(e.target.value));
        }}
        onPointerUp={commit}
        onKeyUp={commit}
        onBlur={commit}
      />
      <span className="board-replay-edge">{shanghaiTime(Math.max(dayEnd, dayStart)).slice(0, 5)}</span>
      <span className="board-replay-draft" data-testid="replay-draft">
        {shanghaiTime(shown)}
      </span>
      <button type="button" className="board-replay-live" onClick={onLive} data-testid="replay-live">
        <RollbackOutlined /> {t('replay.backToLive')}
      </button>
    </div>
  );
}
