import type { FormInstance } from 'antd';
import type { ZodType } from 'zod';
import { HttpError } from '../../api/http';

/**
 * Check form values with the same zod schema the API uses; put each problem under its field (or return the ones
 * that belong to no field). Returns the parsed value, or null when there were problems.
 */
export function validateWith<T>(schema: ZodType<T>, values: unknown, form: FormInstance, fieldNames: string[]): { value: T | null; general: string[] } {
  const r = schema.safeParse(values);
  if (r.success) return { value: r.data, general: [] };
  const byField = new Map<string, string[]>();
  const general: string[] = [];
  for (const issue of r.error.issues) {
    const field = String(issue.path[0] ?? '');
    if (fieldNames.includes(field)) byField.set(field, [...(byField.get(field) ?? []), issue.message]);
    else general.push(issue.message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return { value: null, general };
}

/** The words to show for a failed save: the API's message (it is written for people), or a network hint. */
export function errorText(e: unknown): string {
  if (e instanceof HttpError) return e.status === 0 ? e.message : `${e.message}${e.status === 409 ? '' : ` (${e.code})`}`;
  return (e as Error).message;
}
