import {
  ACTION_INPUTS, INPUT_BOUNDS, inputsOf, isRequired,
  type ActionInput, type AttachmentKind, type AttachmentRef, type CaseDefault, type InputName, type InputRule,
} from './action-input';
import type { CaseAction } from './case-actions';
import type { WorkflowCase, WorkflowCategory } from './workflow-case';

/** What checking an action's input looks at besides the input. */
export interface InputContext {
  now: Date;
  /**
   * The case: its id (a merge target must be another case), its handling deadline (an extension must pass it) and
   * its own values, which stand in for inputs left out (`defaultFrom`) — a value not given here stands in for nothing.
   */
  case: Pick<WorkflowCase, 'id' | 'handlingDueAt'> & Partial<Pick<WorkflowCase, CaseDefault>>;
  category: Pick<WorkflowCategory, 'afterPhotoRequired'>;
}

/**
 * What is wrong with one input, as data: the transition refuses with the first one in words, and the console's
 * forms show each beside its field in the user's language.
 */
export type InputProblem =
  | { input: InputName; problem: 'missing' | 'malformed' | 'repeated' | 'not-after-now' | 'not-after-deadline' | 'this-case' }
  | { input: InputName; problem: 'too-long' | 'too-many'; max: number }
  | { input: InputName; problem: 'not-a-choice'; values: readonly string[] }
  | { input: InputName; problem: 'missing-kind'; kind: AttachmentKind }
  /** none of a group is given; `input` is the group's first, where a form shows it */
  | { input: InputName; problem: 'none-of'; of: readonly InputName[] };

/** Left out: nothing, blank text or an empty list (a form's untouched field). */
export function isGiven(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim().length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

const isText = (v: unknown): v is string => typeof v === 'string';

/** The bounds and type of one given input. */
function valueProblem(input: InputName, value: unknown, rule: InputRule): InputProblem | null {
  const malformed: InputProblem = { input, problem: 'malformed' };
  switch (input) {
    case 'note':
      if (!isText(value)) return malformed;
      return value.trim().length > INPUT_BOUNDS.noteMaxLength ? { input, problem: 'too-long', max: INPUT_BOUNDS.noteMaxLength } : null;
    case 'attachments': {
      if (!Array.isArray(value)) return malformed;
      const refs = value as readonly AttachmentRef[];
      if (refs.length > INPUT_BOUNDS.maxAttachments) return { input, problem: 'too-many', max: INPUT_BOUNDS.maxAttachments };
      return new Set(refs.map((a) => a.id)).size === refs.length ? null : { input, problem: 'repeated' };
    }
    case 'reasonCode':
    case 'priority':
      return isText(value) && rule.values?.includes(value) ? null : { input, problem: 'not-a-choice', values: rule.values ?? [] };
    case 'assignee': {
      if (typeof value !== 'object') return malformed;
      const { userId, unitCode } = value as NonNullable<ActionInput['assignee']>;
      // a case goes to a person or to a unit, never to both or to no one
      if ((userId === undefined) === (unitCode === undefined)) return malformed;
      if (userId !== undefined && !isText(userId)) return malformed;
      if (unitCode === undefined) return null;
      if (!isText(unitCode)) return malformed;
      return unitCode.trim().length > INPUT_BOUNDS.unitCodeMaxLength ? { input, problem: 'too-long', max: INPUT_BOUNDS.unitCodeMaxLength } : null;
    }
    case 'checkerUserId':
    case 'categoryCode':
    case 'targetCaseId':
      return isText(value) ? null : malformed;
    case 'urgent':
    case 'satisfied':
      return typeof value === 'boolean' ? null : malformed;
    case 'dueAt':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? null : malformed;
  }
}

/** The input as given, or the case's own value where the table lets it stand in. */
function valueOf(input: InputName, rule: InputRule, given: ActionInput, c: InputContext['case']): unknown {
  if (isGiven(given[input])) return given[input];
  const fallback = rule.defaultFrom ? c[rule.defaultFrom] : undefined;
  return fallback ?? undefined;
}

/**
 * Everything wrong with an action's input, checked against ACTION_INPUTS: bounds, required inputs (some only where
 * the category says so), and the rules that compare an input with the case (an extension beyond the current
 * deadline, a merge into another case). Empty when the input will do. Inputs the action does not take are not
 * looked at: no effect reads them, and the HTTP edge refuses them (strict schemas).
 */
export function inputProblems(action: CaseAction, given: ActionInput, ctx: InputContext): InputProblem[] {
  const { atLeastOneOf } = ACTION_INPUTS[action];
  // a note the software writes (a code, worded when read) is its step's note: a system comment needs no prose
  const input: ActionInput = given.systemNote && !isGiven(given.note) ? { ...given, note: given.systemNote.code } : given;
  const problems: InputProblem[] = [];
  for (const [name, rule] of inputsOf(action)) {
    const problem = isGiven(input[name]) ? valueProblem(name, input[name], rule) : null;
    if (problem) {
      problems.push(problem);
      continue;
    }
    const value = valueOf(name, rule, input, ctx.case);
    const required = isRequired(rule, ctx.category);
    const kind = rule.required !== undefined && rule.required !== true ? rule.required.ofKind : undefined;
    if (value === undefined) {
      if (required) problems.push(kind ? { input: name, problem: 'missing-kind', kind } : { input: name, problem: 'missing' });
      continue;
    }
    if (required && kind && !(value as readonly AttachmentRef[]).some((a) => a.kind === kind)) {
      problems.push({ input: name, problem: 'missing-kind', kind });
    }
    if (rule.laterThanDeadline) {
      const at = value as Date;
      if (at <= ctx.now) problems.push({ input: name, problem: 'not-after-now' });
      else if (ctx.case.handlingDueAt && at <= ctx.case.handlingDueAt) problems.push({ input: name, problem: 'not-after-deadline' });
    }
    if (rule.notThisCase && value === ctx.case.id) problems.push({ input: name, problem: 'this-case' });
  }
  if (atLeastOneOf && !atLeastOneOf.some((name) => isGiven(input[name]))) {
    problems.push({ input: atLeastOneOf[0], problem: 'none-of', of: atLeastOneOf });
  }
  return problems;
}

/** How a refusal names an input where the bare name would say too little. */
const SPOKEN: Partial<Record<InputName, string>> = {
  note: 'a note',
  attachments: 'a photo',
  assignee: 'assignee with exactly one of userId or unitCode',
  satisfied: 'satisfied: true or false',
};

const PHOTO_OF_KIND: Partial<Record<AttachmentKind, string>> = { before: 'a before-photo (处置前照片)', after: 'an after-photo (处置后照片)' };

/** One problem in words, for the refusal the API answers (400). */
export function describeInputProblem(action: CaseAction, p: InputProblem, category: Pick<WorkflowCategory, 'code'>): string {
  const spoken = SPOKEN[p.input] ?? p.input;
  switch (p.problem) {
    case 'missing': {
      const values = ACTION_INPUTS[action].inputs[p.input]?.values;
      return `${action} needs ${spoken}${values ? `, one of ${values.join(', ')}` : ''}`;
    }
    case 'malformed':
      return p.input === 'assignee' ? `${action} needs ${spoken}` : `${p.input} is not valid`;
    case 'too-long':
      return `${p.input} is longer than ${p.max} characters`;
    case 'too-many':
      return `${action} takes at most ${p.max} attachments`;
    case 'repeated':
      return 'the same attachment is listed twice';
    case 'not-a-choice':
      return `${p.input} must be one of ${p.values.join(', ')}`;
    case 'missing-kind':
      // a fix that can be photographed is proven by a photo of the result, not by a sentence (处置后照片)
      return `${action} of category ${category.code} needs ${PHOTO_OF_KIND[p.kind] ?? 'a photo'}: attach an uploaded photo of kind "${p.kind}"`;
    case 'none-of':
      return `${action} needs ${p.of.map((n) => SPOKEN[n] ?? n).join(' or ')}`;
    case 'not-after-now':
      return `${p.input} must be later than now`;
    case 'not-after-deadline':
      return `${p.input} must be later than the current deadline`;
    case 'this-case':
      return `${action}: ${p.input} cannot be this case itself`;
  }
}
