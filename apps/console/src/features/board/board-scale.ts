import { useEffect, useState } from 'react';

/** The wall the board is designed for; board.css's `--u` is one of its pixels. */
export const DESIGN = { width: 1920, height: 1080 } as const;

/** The screen's size against the 1920×1080 design (2 on a 3840×2160 wall), as board.css computes `--u`. */
export function boardScale(width: number, height: number): number {
  return Math.min(width / DESIGN.width, height / DESIGN.height);
}

/** boardScale of the window, following resizes: for what the canvas draws (pins, map labels), which CSS cannot size. */
export function useBoardScale(): number {
  const [scale, setScale] = useState(() => boardScale(window.innerWidth, window.innerHeight));
  useEffect(() => {
    const onResize = () => setScale(boardScale(window.innerWidth, window.innerHeight));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return scale;
}
