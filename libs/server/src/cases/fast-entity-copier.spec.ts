import { fastEntityCopier } from './fast-entity-copier';

class Thing {
  id!: string;
  dueAt!: Date | null;
  label?: string;
}

describe('fastEntityCopier', () => {
  it('copies the listed fields, renamed, into a new instance and nothing else', () => {
    const fromRow = fastEntityCopier<Thing, Record<string, unknown>>(Thing, [
      { to: 'id', from: 'id' },
      { to: 'dueAt', from: 'due_at' },
    ]);
    const due = new Date('2026-11-27T08:00:00Z');
    const thing = fromRow({ id: 'c1', due_at: due, extra: 'not a column' });
    expect(thing).toBeInstanceOf(Thing);
    expect(thing).toEqual(Object.assign(new Thing(), { id: 'c1', dueAt: due }));
    expect('extra' in thing).toBe(false);
  });

  it('gives absent fields as undefined', () => {
    const copy = fastEntityCopier<Thing, Partial<Thing>>(Thing, [{ to: 'id', from: 'id' }, { to: 'label', from: 'label' }]);
    const thing = copy({ id: 'c2' });
    expect(thing.id).toBe('c2');
    expect(thing.label).toBeUndefined();
  });

  it('refuses a field name that is not a plain identifier, since it is compiled into code', () => {
    expect(() => fastEntityCopier(Thing, [{ to: 'id', from: 'id; process.exit(1)' }])).toThrow(/not a plain identifier/);
    expect(() => fastEntityCopier(Thing, [{ to: 'a-b', from: 'id' }])).toThrow(/not a plain identifier/);
  });
});
