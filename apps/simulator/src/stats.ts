/** Counters for the one-line summary; reset after each line, so they never grow. */
export class SimStats {
  reports = new Map<string, number>();
  duplicates = 0;
  /** reports of a burst (burst.ts), counted among the reports too */
  bursts = 0;
  actions = new Map<string, number>();
  conflicts = 0;
  refusals = 0;
  errors = 0;

  report(source: string): void {
    this.reports.set(source, (this.reports.get(source) ?? 0) + 1);
  }

  action(name: string): void {
    this.actions.set(name, (this.actions.get(name) ?? 0) + 1);
  }

  totalReports(): number {
    return [...this.reports.values()].reduce((s, n) => s + n, 0);
  }

  totalActions(): number {
    return [...this.actions.values()].reduce((s, n) => s + n, 0);
  }

  /** "12 reports (patrol 5, hotline_12345 3, …; 1 duplicate) · 48 actions (accept 9, …) · 2 conflicts · 0 errors" */
  line(): string {
    const list = (m: Map<string, number>) =>
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
    const reports = `${this.totalReports()} reports${this.reports.size ? ` (${list(this.reports)}${this.duplicates ? `; ${this.duplicates} repeat` : ''}${this.bursts ? `; ${this.bursts} burst` : ''})` : ''}`;
    const actions = `${this.totalActions()} actions${this.actions.size ? ` (${list(this.actions)})` : ''}`;
    return `${reports} · ${actions} · ${this.conflicts} conflicts · ${this.refusals} refused · ${this.errors} errors`;
  }

  reset(): void {
    this.reports.clear();
    this.bursts = 0;
    this.actions.clear();
    this.duplicates = 0;
    this.conflicts = 0;
    this.refusals = 0;
    this.errors = 0;
  }
}
