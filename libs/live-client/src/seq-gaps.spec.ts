import { SeqGaps } from './seq-gaps';

describe('SeqGaps (the seqs a live client still awaits)', () => {
  it('holds jumps as ranges, lowest first, and lets arrivals split them', () => {
    const g = new SeqGaps();
    expect(g.empty).toBe(true);
    g.add(11n, 14n);
    g.add(16n, 16n);
    expect(g.list()).toEqual(['11', '12', '13', '14', '16']);
    g.remove(12n);
    g.remove(16n);
    g.remove(99n);
    expect(g.list()).toEqual(['11', '13', '14']);
    expect(g.lowest()).toBe(11n);
    expect(g.has(13n)).toBe(true);
    expect(g.has(12n)).toBe(false);
  });

  it('settles only what a replay covered: after its start, up to the settled horizon', () => {
    const g = new SeqGaps();
    g.add(5n, 9n);
    g.add(11n, 20n);
    g.settle(6n, 14n); // a replay from 6 that covers through 14
    expect(g.list()).toEqual(['5', '6', '15', '16', '17', '18', '19', '20']);
    g.settle(4n, 4n); // nothing settled yet
    expect(g.lowest()).toBe(5n);
    g.settle(4n, 30n);
    expect(g.empty).toBe(true);
  });

  it('lists at most the first `limit` seqs of a large range', () => {
    const g = new SeqGaps();
    g.add(1n, 1_000_000n);
    expect(g.list(3)).toEqual(['1', '2', '3']);
    g.clear();
    expect(g.empty).toBe(true);
  });
});
