/**
 * The seqs a live client has not received below the highest one it has (#16), as ranges, lowest first. A missing seq
 * is one of three things: another scope's event (never coming), an event whose transaction took its seq earlier and
 * commits later (coming, live or in a replay), or a message lost on the way (only a replay brings it). A resume
 * answer tells which ones are settled (contracts `resume.done`): the rest stay awaited, and the next resume starts
 * below them.
 */
export class SeqGaps {
  private ranges: { lo: bigint; hi: bigint }[] = [];

  get empty(): boolean {
    return this.ranges.length === 0;
  }

  /** the lowest awaited seq */
  lowest(): bigint | null {
    return this.ranges[0]?.lo ?? null;
  }

  has(seq: bigint): boolean {
    return this.ranges.some((r) => r.lo <= seq && seq <= r.hi);
  }

  /** lo..hi went missing (a jump past them); they lie above every range held */
  add(lo: bigint, hi: bigint): void {
    if (lo > hi) return;
    const last = this.ranges.at(-1);
    if (last && lo <= last.hi + 1n) last.hi = hi > last.hi ? hi : last.hi;
    else this.ranges.push({ lo, hi });
  }

  /** one arrived */
  remove(seq: bigint): void {
    const i = this.ranges.findIndex((r) => r.lo <= seq && seq <= r.hi);
    if (i < 0) return;
    const r = this.ranges[i];
    const parts = [...(r.lo < seq ? [{ lo: r.lo, hi: seq - 1n }] : []), ...(seq < r.hi ? [{ lo: seq + 1n, hi: r.hi }] : [])];
    this.ranges.splice(i, 1, ...parts);
  }

  /** a replay after `after` that covers everything up to `through`: the seqs in between it did not bring are settled */
  settle(after: bigint, through: bigint): void {
    if (through <= after) return;
    this.ranges = this.ranges.flatMap((r) => {
      if (r.hi <= after || r.lo > through) return [r];
      return [...(r.lo <= after ? [{ lo: r.lo, hi: after }] : []), ...(r.hi > through ? [{ lo: through + 1n, hi: r.hi }] : [])];
    });
  }

  /** the first `limit` awaited seqs */
  list(limit = 100): string[] {
    const out: string[] = [];
    for (const r of this.ranges) {
      for (let s = r.lo; s <= r.hi && out.length < limit; s++) out.push(s.toString());
      if (out.length >= limit) break;
    }
    return out;
  }

  clear(): void {
    this.ranges = [];
  }
}
