import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { badRequest } from '../errors/api-error';

/**
 * Parse a body or query with a schema from libs/contracts; a miss answers 400 with every problem listed. Text
 * Postgres cannot store (NUL, lone surrogates) never gets here: StorableTextGuard refuses it for every request.
 */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.output<T> {
    return parseOr400(this.schema, value);
  }
}

export function parseOr400<T extends z.ZodType>(schema: T, value: unknown, label = '(body)'): z.output<T> {
  if (value === undefined || value === null) throw badRequest(label === '(body)' ? 'a JSON body is required' : `${label} is required`);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((i) => ({ path: i.path.length ? i.path.join('.') : label, message: i.message }));
  throw badRequest(`invalid request: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`.slice(0, 500), details);
}
