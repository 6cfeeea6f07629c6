import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { badRequest } from '../errors/api-error';

/** Deeper than this, a body is not one of ours (the deepest contract nests four levels). */
export const MAX_NESTING = 32;

/** A UTF-16 surrogate without its partner: not a character, and Postgres refuses it (in jsonb) or mangles it (in text). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface TextProblem {
  path: string;
  message: string;
}

function problemOf(s: string): string | null {
  if (s.includes('\u0000')) return 'contains a NUL character, which cannot be stored';
  if (LONE_SURROGATE.test(s)) return 'contains a lone UTF-16 surrogate (not valid Unicode), which cannot be stored';
  return null;
}

/** A key as it may appear in a message: bounded, control characters and surrogates written as \uXXXX. */
function printable(key: string): string {
  const short = key.length > 60 ? `${key.slice(0, 60)}…` : key;
  let out = '';
  for (const unit of short.split('')) {
    const code = unit.charCodeAt(0);
    out += code < 0x20 || (code >= 0xd800 && code <= 0xdfff) ? `\\u${code.toString(16).padStart(4, '0')}` : unit;
  }
  return out;
}

/**
 * The first string — value or key, anywhere in `value` — that Postgres cannot store (a NUL, a lone surrogate), or a
 * nesting deeper than MAX_NESTING. Iterative, so no input can exhaust the stack.
 */
export function findUnstorableText(value: unknown, root: string): TextProblem | null {
  const stack: [unknown, string, number][] = [[value, root, 0]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [v, path, depth] = next;
    if (typeof v === 'string') {
      const problem = problemOf(v);
      if (problem) return { path, message: problem };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_NESTING) return { path, message: `is nested more than ${MAX_NESTING} levels deep` };
    for (const key of Object.keys(v)) {
      const keyProblem = problemOf(key);
      const at = path ? `${path}.${printable(key)}` : printable(key);
      if (keyProblem) return { path: at, message: `has a name that ${keyProblem}` };
      stack.push([(v as Record<string, unknown>)[key], at, depth + 1]);
    }
  }
  return null;
}

const ITEMS_CHECKED_ONE_BY_ONE = 'gridops:text-items-checked-one-by-one';

/**
 * For a batch route whose items are taken or refused one by one (IoT alarms): the guard checks the envelope, and the
 * items of `field` are left to the handler, which checks each with findUnstorableText and refuses only that item —
 * one alarm with a NUL in its message must not hold up the smoke alarm beside it.
 */
export const TextOfItemsCheckedOneByOne = (field: string) => SetMetadata(ITEMS_CHECKED_ONE_BY_ONE, field);

/**
 * Every request, once, at the edge: no string of the body, the query, the path parameters or the headers — values
 * and names alike — may hold text Postgres cannot store. A refusal is a 400 in the route's own error shape (the
 * exception filters apply: `{ error }` on the API, the spec's format on Open311), before any handler runs, so
 * nothing is written. Files (12345 imports, photos) are decoded by their readers, which cannot produce such text.
 */
@Injectable()
export class StorableTextGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const perItem = this.reflector.get<string | undefined>(ITEMS_CHECKED_ONE_BY_ONE, context.getHandler());
    const body = req.body;
    // a batch's items, left to the handler: their names (the indexes) are checked here, their contents there
    const envelope =
      perItem && body !== null && typeof body === 'object' && !Array.isArray(body) && Array.isArray((body as Record<string, unknown>)[perItem])
        ? { ...(body as Record<string, unknown>), [perItem]: ((body as Record<string, unknown>)[perItem] as unknown[]).map(() => null) }
        : body;
    const problem =
      findUnstorableText(req.params, 'path') ?? findUnstorableText(req.query, 'query') ?? findUnstorableText(req.headers, 'header') ?? findUnstorableText(envelope, 'body');
    if (problem) throw badRequest(`${problem.path} ${problem.message}`, [problem]);
    return true;
  }
}
