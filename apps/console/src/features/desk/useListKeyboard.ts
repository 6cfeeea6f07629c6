import { useEffect, useRef } from 'react';

export interface ListKeyboardOptions {
  ids: readonly string[];
  activeId: string | null;
  setActive: (id: string) => void;
  /** Enter: open the active row */
  onOpen: (id: string) => void;
  /** Esc: close what is open (the drawer) */
  onClose: () => void;
  /** n: register a new call (受理登记), where the caller may */
  onNew?: () => void;
  /** e.g. false while a dialog is open */
  enabled: boolean;
}

const TYPING = 'input, textarea, select, [contenteditable="true"], .ant-select, .ant-picker';

/**
 * The desk without a mouse: j / ↓ next row, k / ↑ previous, Enter opens, Esc closes, n registers a call. Keys typed into a field are
 * left alone, and arrows inside an open drawer keep scrolling it.
 */
export function useListKeyboard(o: ListKeyboardOptions): void {
  const ref = useRef(o);
  ref.current = o;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const { ids, activeId, setActive, onOpen, onClose, onNew, enabled } = ref.current;
      if (!enabled || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest?.(TYPING)) return;
      if (document.querySelector('.ant-modal-wrap:not([style*="display: none"]) .ant-modal')) return;
      const inDrawer = !!target?.closest?.('.ant-drawer');
      const at = activeId ? ids.indexOf(activeId) : -1;
      const move = (step: number) => {
        if (ids.length === 0) return;
        const next = at < 0 ? (step > 0 ? 0 : ids.length - 1) : Math.min(ids.length - 1, Math.max(0, at + step));
        setActive(ids[next]);
        e.preventDefault();
      };
      switch (e.key) {
        case 'j':
          return move(1);
        case 'k':
          return move(-1);
        case 'ArrowDown':
          return inDrawer ? undefined : move(1);
        case 'ArrowUp':
          return inDrawer ? undefined : move(-1);
        case 'Enter':
          if (activeId && !inDrawer && !target?.closest?.('button, a')) {
            onOpen(activeId);
            e.preventDefault();
          }
          return;
        case 'n':
          if (onNew && !inDrawer) {
            onNew();
            e.preventDefault();
          }
          return;
        case 'Escape':
          onClose();
          return;
        default:
          return;
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
