import { useTranslation } from 'react-i18next';
import type { Drill } from './drill';
import type { FeedEntry, FeedLabels } from './feed';
import { activate } from './activate';
import { Panel } from './Panel';
import { useLiveFeed } from './useLiveFeed';

/** The feed with its own live subscription, so new lines re-render the feed alone. */
export function LiveFeedPanel({ labels, drill, onOpen }: { labels: FeedLabels; drill: Drill; onOpen(id: string): void }) {
  return <LiveFeed entries={useLiveFeed(labels, drill)} onOpen={onOpen} />;
}

/**
 * The stream of what is happening, newest on top; lines that arrive flash once. A click opens the case. Each line:
 * time and case number, then where and what happened — wrapping onto a further row rather than being cut.
 */
export function LiveFeed({ entries, onOpen }: { entries: FeedEntry[]; onOpen(id: string): void }) {
  const { t } = useTranslation('board');
  return (
    <Panel title={t('feed.title')} testId="live-feed" className="board-feed">
      {entries.length === 0 ? (
        <div className="board-empty">{t('feed.waiting')}</div>
      ) : (
        <ol className="board-feed-list" data-whole-lines>
          {entries.map((e) => (
            <li key={e.key} className={`feed-${e.tone} ${e.seeded ? 'seeded' : 'live'}`} data-testid="feed-entry" {...activate(() => onOpen(e.caseId))}>
              <span className="feed-head">
                <span className="feed-time">{e.time}</span>
                <span className="feed-number">{e.number}</span>
              </span>
              <span className="feed-body">
                <span className="feed-where">
                  {e.district} · {e.category}
                </span>
                <span className="feed-what">{e.what}</span>
              </span>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
