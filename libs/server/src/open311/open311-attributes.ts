import { parseW3cDatetime, type Open311Params } from './open311-params';
import type { AttributeDefinition } from './service-definitions';

export type AttributeAnswers = Record<string, string | string[]>;

const ATTRIBUTE_FIELD = /^attribute\[([^\]]*)\](\[\])?$/;
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
const DEFAULT_MAX = { string: 200, text: 1000 } as const;

/**
 * The `attribute[code]=value` fields of a POST (`attribute[code][]=v1&attribute[code][]=v2` for a multivaluelist),
 * grouped by code. Empty values count as not sent. Malformed names are reported, not ignored.
 */
export function collectAttributeFields(params: Open311Params): { raw: Map<string, string[]>; errors: string[] } {
  const raw = new Map<string, string[]>();
  const errors: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (!name.startsWith('attribute')) continue;
    const m = ATTRIBUTE_FIELD.exec(name);
    if (!m || !m[1]) {
      errors.push(`${name.slice(0, 60)}: attributes are sent as attribute[code]=value`);
      continue;
    }
    const values = (Array.isArray(value) ? value : [value ?? '']).map((v) => v.trim()).filter(Boolean);
    raw.set(m[1], [...(raw.get(m[1]) ?? []), ...values]);
  }
  return { raw, errors };
}

/** Every problem with the answers against the service definition, and the answers as stored when there are none. */
export function validateAttributes(
  serviceCode: string,
  definition: readonly AttributeDefinition[],
  raw: Map<string, string[]>,
): { answers: AttributeAnswers; errors: string[] } {
  const errors: string[] = [];
  const answers: AttributeAnswers = {};
  const byCode = new Map(definition.map((d) => [d.code, d]));
  for (const code of raw.keys()) {
    const def = byCode.get(code);
    if (!def) errors.push(`attribute[${code.slice(0, 40)}] is not an attribute of service ${serviceCode}`);
    else if (!def.variable && (raw.get(code) ?? []).length) errors.push(`attribute[${code}] is information only and takes no value`);
  }
  for (const def of definition) {
    if (!def.variable) continue;
    const values = raw.get(def.code) ?? [];
    const field = `attribute[${def.code}]`;
    if (values.length === 0) {
      if (def.required) errors.push(`${field} is required: ${def.description}`);
      continue;
    }
    if (def.datatype !== 'multivaluelist' && values.length > 1) {
      errors.push(`${field} takes one value (${def.datatype})`);
      continue;
    }
    const problem = checkValues(def, values);
    if (problem) errors.push(`${field} ${problem}`);
    else answers[def.code] = def.datatype === 'multivaluelist' ? values : values[0];
  }
  return { answers, errors };
}

function checkValues(def: AttributeDefinition, values: string[]): string | null {
  const value = values[0];
  switch (def.datatype) {
    case 'string': {
      const max = def.maxLength ?? DEFAULT_MAX.string;
      if (/[\r\n]/.test(value)) return 'is a string and may not contain line breaks';
      return value.length > max ? `is longer than ${max} characters` : null;
    }
    case 'text': {
      const max = def.maxLength ?? DEFAULT_MAX.text;
      return value.length > max ? `is longer than ${max} characters` : null;
    }
    case 'number': {
      if (!NUMBER.test(value)) return `must be a number, got "${value.slice(0, 40)}"`;
      const n = Number(value);
      if (def.integer && !Number.isInteger(n)) return 'must be a whole number';
      if ((def.min !== undefined && n < def.min) || (def.max !== undefined && n > def.max)) return `must be between ${def.min ?? '-∞'} and ${def.max ?? '∞'}`;
      return null;
    }
    case 'datetime':
      return parseW3cDatetime(value) ? null : 'must be a W3C datetime with a timezone, e.g. 2025-12-01T22:30:00+08:00';
    case 'singlevaluelist':
    case 'multivaluelist': {
      const keys = new Set((def.values ?? []).map((v) => v.key));
      const unknown = values.filter((v) => !keys.has(v));
      if (unknown.length) return `has no option "${unknown[0].slice(0, 40)}"; the options are ${[...keys].join(', ')}`;
      return new Set(values).size === values.length ? null : 'lists the same option twice';
    }
  }
}

/** The Chinese half of a bilingual label: `危险等级 (hazard level): …` → `危险等级`. */
function zh(label: string): string {
  return label.split(/ \(|: |：| — /)[0].trim();
}

/** The answers as one line an operator reads in the case description: `【危险等级】紧急；【是否占道】部分占道`. */
export function describeAnswers(definition: readonly AttributeDefinition[], answers: AttributeAnswers): string {
  return definition
    .filter((d) => answers[d.code] !== undefined)
    .map((d) => {
      const given = answers[d.code];
      const list = Array.isArray(given) ? given : [given];
      const options = d.values ?? [];
      const shown = d.values ? list.map((k) => zh(options.find((v) => v.key === k)?.name ?? k)) : list;
      return `【${zh(d.description)}】${shown.join('、')}`;
    })
    .join('；');
}
