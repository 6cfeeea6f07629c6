import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ActionRequest } from '@gridops/contracts';
import { SYSTEM, type CaseAction, type CaseState, type SystemNote } from '@gridops/domain';
import { CaseTransitionService, type SystemStep } from '../cases/case-transition.service';
import type { CaseEntity } from '../cases/case.entity';
import { CaseColumns } from '../cases/case-columns';
import { queryPrepared } from '../platform/database/prepared';
import type { ActionInput } from '@gridops/domain';
import type { JobOutcome } from './job-handler';

/** the name on the system's steps (the console shows the role, in the reader's language) */
export const SYSTEM_NAME = '系统';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The pipeline's hand on a case: every automatic step goes through the same transition function as a person's,
 * as actor `system`, so it lands on the timeline. A job re-reads the case and skips when it has moved on (style
 * rule 2). A refusal — the rules say no now, or a person's concurrent action won — is also "moved on", never a
 * retry: only a thrown error (the database or Redis away) makes BullMQ try again.
 */
@Injectable()
export class SystemActions {
  private readonly logger = new Logger('pipeline');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly transitions: CaseTransitionService,
  ) {
    this.columns = new CaseColumns(ds);
  }

  private readonly columns: CaseColumns;

  /**
   * The case as it is now, or null if it does not exist (a job for a case from another database, say). Every job
   * starts here, so it is one plain SELECT: the system sees every case, and building the scoped query cost more
   * than running it.
   */
  async load(caseId: string): Promise<CaseEntity | null> {
    if (!UUID.test(caseId)) return null;
    const rows = await queryPrepared<Record<string, unknown>>(this.ds.manager, `SELECT * FROM cases WHERE id = $1`, [caseId]);
    return rows[0] ? this.columns.toEntity(rows[0]) : null;
  }

  /** Whether the system already wrote this note on the case (for notes a re-run must not repeat). */
  async hasSystemNote(caseId: string, note: SystemNote): Promise<boolean> {
    const rows = (await this.ds.query(
      `SELECT 1 FROM case_events WHERE case_id = $1 AND actor_role = 'system' AND type = 'comment' AND system_note = $2::jsonb LIMIT 1`,
      [caseId, JSON.stringify(note)],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Take `action` if the case is still in one of `states` (and at `version`, when given). */
  async act(
    c: CaseEntity,
    action: CaseAction,
    input: Omit<ActionRequest, 'version'> & Pick<ActionInput, 'systemFlags' | 'systemNote'> = {},
    guard: { states: readonly CaseState[] },
  ): Promise<JobOutcome> {
    if (!guard.states.includes(c.state)) return `skipped: ${action} expected ${guard.states.join('|')}, case is ${c.state}`;
    const result = await this.transitions.apply(c.id, action, { actor: SYSTEM, name: SYSTEM_NAME }, { ...input, version: c.version }, { loaded: c });
    if (result.ok) return 'done';
    this.logger.debug?.(`${action} on ${c.id} skipped: ${result.message}`);
    return `skipped: ${action} refused (${result.code}: ${result.message})`;
  }

  /**
   * Take several steps in a row (register → file → dispatch), written once — if the case is still in one of
   * `states`. Each step is checked by the transition function; a refused step ends the chain, keeping the ones before.
   */
  async steps(c: CaseEntity, steps: readonly SystemStep[], guard: { states: readonly CaseState[] }): Promise<JobOutcome> {
    if (!guard.states.includes(c.state)) return `skipped: ${steps[0]?.action} expected ${guard.states.join('|')}, case is ${c.state}`;
    const { applied, refused } = await this.transitions.applySteps(c, steps, { actor: SYSTEM, name: SYSTEM_NAME });
    if (!refused) return 'done';
    this.logger.debug?.(`${steps[applied.length].action} on ${c.id} refused after [${applied.join(', ')}]: ${refused.message}`);
    return `skipped: ${steps[applied.length].action} refused after [${applied.join(', ')}] (${refused.code}: ${refused.message})`;
  }
}
