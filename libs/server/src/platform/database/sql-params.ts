/** Binds a value into a statement being written and returns its placeholder. */
export interface BindParams {
  add(value: unknown): string;
}

/** Positional parameters for hand-written SQL: `p.add(value)` returns its `$n`. */
export class SqlParams implements BindParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Named parameters for a TypeORM query builder: `p.add(value)` returns `:<prefix><n>`; pass `p.values` with the condition. */
export class NamedParams implements BindParams {
  readonly values: Record<string, unknown> = {};

  constructor(private readonly prefix: string) {}

  add(value: unknown): string {
    const name = `${this.prefix}${Object.keys(this.values).length}`;
    this.values[name] = value;
    return `:${name}`;
  }
}

/** `%text%` for LIKE / ILIKE, with the pattern characters of the text (`%`, `_`, `\\`) taken literally. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
