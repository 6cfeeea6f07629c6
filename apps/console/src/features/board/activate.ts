import type { KeyboardEvent } from 'react';

/** Props that make a row act as a button for the keyboard too (Tab to it, Enter or Space to open). */
export function activate(fn: () => void) {
  return {
    role: 'button',
    tabIndex: 0,
    onClick: fn,
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        fn();
      }
    },
  } as const;
}
