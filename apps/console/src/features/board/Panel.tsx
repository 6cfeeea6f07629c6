import type { ReactNode } from 'react';

/** A framed block of the wall: a title people can read from the back of the room, then its content. */
export function Panel({ title, extra, children, className = '', testId }: { title: ReactNode; extra?: ReactNode; children: ReactNode; className?: string; testId?: string }) {
  return (
    <section className={`board-panel ${className}`} data-testid={testId}>
      <header className="board-panel-head">
        <h2>{title}</h2>
        {extra !== undefined && <div className="board-panel-extra">{extra}</div>}
      </header>
      <div className="board-panel-body">{children}</div>
    </section>
  );
}
