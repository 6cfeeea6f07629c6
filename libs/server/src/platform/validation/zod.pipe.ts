import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { badRequest } from '../errors/api-error';

/** Parse a body or query with a schema from libs/contracts; a miss answers 400 with every problem listed. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.output<T> {
    return parseOr400(this.schema, value);
  }
}

/** Postgres refuses NUL (0x00) in text; catching it here turns a would-be 500 into a clear 400. */
function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const hit = findNul(v, path === '(body)' ? k : `${path}.${k}`, depth + 1);
    if (hit) return hit;
  }
  return null;
}

export function parseOr400<T extends z.ZodType>(schema: T, value: unknown, label = '(body)'): z.output<T> {
  if (value === undefined || value === null) throw badRequest(label === '(body)' ? 'a JSON body is required' : `${label} is required`);
  const nulAt = findNul(value, label);
  if (nulAt) throw badRequest(`${nulAt}: text must not contain NUL characters`, [{ path: nulAt, message: 'contains a NUL character' }]);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((i) => ({ path: i.path.length ? i.path.join('.') : label, message: i.message }));
  throw badRequest(`invalid request: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`.slice(0, 500), details);
}
