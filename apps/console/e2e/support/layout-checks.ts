import type { Page } from 'playwright-core';

/**
 * Two checks every screen must pass in every language (issue 15, items 4 and 6), run in the page itself:
 *
 * - **Nothing spills.** No element is wider than its box (`scrollWidth > clientWidth`: text cut off, or content
 *   pushed out of its cell) and no element reaches past the viewport. The intentional exceptions, and only these:
 *   1. a container that scrolls sideways on purpose (`overflow-x: auto | scroll`) — except on the wall board,
 *      where nothing may scroll (nobody is at the wall with a mouse);
 *   2. a text cut with an ellipsis whose full text is one hover away: the element (or its parent) carries a
 *      `title`, or it is an antd `Typography` ellipsis (which shows a tooltip);
 *   3. what is not shown: `display: none`, `visibility: hidden`, zero-sized, inside `aria-hidden` parts, and the
 *      inside of charts (`svg`, `canvas`), which lay themselves out;
 *   4. antd's own measuring and animation helpers (`.ant-menu-overflow-item-rest` and friends), which sit off
 *      screen by design, and the timeline's dot (its wave effect is wider than the dot);
 *   5. the wall board's lists that show as many whole lines as fit (`data-whole-lines`: feed, alarms, hot
 *      categories): the lines that do not fit are laid out beside the list, out of sight — the list itself and
 *      those hidden lines are not checked, every shown line is;
 *   6. a part pulled out by a negative margin by design — antd's grid gutter (a `Row` reaches past its parent by
 *      its negative side margins, which its columns' padding takes back) and the table's filter button (it
 *      overhangs the header cell's padding): overflow up to that margin is not a spill.
 * - **Contrast.** axe-core's `color-contrast` rule (WCAG 2 AA: 4.5:1, 3:1 for large text) finds nothing.
 */

export interface Spill {
  /** tag.class#testid of the element */
  element: string;
  /** the start of its text */
  text: string;
  why: string;
}

const HELPER_PARTS = ['.ant-menu-overflow-item-rest', '.ant-select-selection-search-mirror', '.ant-tabs-nav-operations-hidden', '.ant-table-measure-row', '.ant-motion-collapse', '.ant-timeline-item-icon'];

export async function findSpills(page: Page, opts: { scrollAllowed: boolean }): Promise<Spill[]> {
  return page.evaluate(
    ({ scrollAllowed, helpers }) => {
      const vw = document.documentElement.clientWidth;
      const out: { element: string; text: string; why: string }[] = [];
      const describe = (el: Element) => {
        const testid = el.getAttribute('data-testid');
        const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/).slice(0, 3).join('.') : '';
        return `${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''}${testid ? `#${testid}` : ''}`;
      };
      const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
      const scrolls = (cs: CSSStyleDeclaration) => cs.overflowX === 'auto' || cs.overflowX === 'scroll';
      const hoverable = (el: Element) =>
        el.hasAttribute('title') || el.parentElement?.hasAttribute('title') || el.classList.contains('ant-typography-ellipsis');
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        if (!(el instanceof HTMLElement)) continue;
        if (el.closest('svg, canvas, [aria-hidden="true"]') || helpers.some((h) => el.closest(h))) continue;
        const cs = getComputedStyle(el);
        if (cs.display === 'none' || cs.visibility === 'hidden' || cs.display === 'contents') continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const list = el.closest('[data-whole-lines]');
        if (list) {
          const lr = list.getBoundingClientRect();
          if (list === el || r.left >= lr.right - 1 || r.top >= lr.bottom - 1) continue; // the list, or a line out of sight
        }
        // inside something that scrolls on purpose, the viewport is not its limit
        let inScroller = false;
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          if (scrolls(getComputedStyle(p))) {
            inScroller = true;
            break;
          }
        }
        if (el.scrollWidth > el.clientWidth + 1 && cs.display !== 'inline') {
          const pulled = el.querySelectorAll(':scope > *, :scope > * > *, :scope > * > * > *');
          const gutter = Math.max(0, ...Array.from(pulled).map((c) => -parseFloat(getComputedStyle(c).marginRight)));
          const allowed = (scrollAllowed && scrolls(cs)) || (cs.textOverflow === 'ellipsis' && hoverable(el)) || el.scrollWidth - el.clientWidth <= gutter + 1;
          if (!allowed) out.push({ element: describe(el), text: text(el), why: `content ${el.scrollWidth}px wide in a ${el.clientWidth}px box` });
        }
        if (!inScroller && cs.position !== 'fixed' && (r.right > vw + 1 || r.left < -1)) {
          out.push({ element: describe(el), text: text(el), why: `reaches ${Math.round(r.left)}…${Math.round(r.right)}px of a ${vw}px viewport` });
        }
      }
      if (document.documentElement.scrollWidth > vw + 1) out.push({ element: 'html', text: '', why: `page ${document.documentElement.scrollWidth}px wide, viewport ${vw}px` });
      return out;
    },
    { scrollAllowed: opts.scrollAllowed, helpers: HELPER_PARTS },
  );
}

export interface ContrastFailure {
  element: string;
  text: string;
  ratio: string;
}

/**
 * axe-core (the npm package, injected into the page) with only its WCAG AA colour-contrast rule. It runs once the
 * page's CSS transitions have ended (at most 2 s): a control caught half-way from its disabled grey to its enabled
 * colour — the analytics export button as the data arrives — reads as a low-contrast text that nobody ever sees.
 */
export async function findLowContrast(page: Page): Promise<ContrastFailure[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const transitions = document.getAnimations().filter((a) => a instanceof CSSTransition);
    await Promise.race([Promise.allSettled(transitions.map((a) => a.finished)), new Promise((r) => setTimeout(r, 2000))]);
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { nodes: { target: string[]; html: string; any: { data?: { contrastRatio?: number; fgColor?: string; bgColor?: string } }[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] }, resultTypes: ['violations'] });
    return result.violations.flatMap((v) =>
      v.nodes.map((n) => {
        const d = n.any[0]?.data ?? {};
        return { element: n.target.join(' '), text: n.html.replace(/\s+/g, ' ').slice(0, 90), ratio: `${d.contrastRatio ?? '?'}:1 (${d.fgColor} on ${d.bgColor})` };
      }),
    );
  });
}
