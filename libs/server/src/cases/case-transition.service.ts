import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ActionRequest } from '@gridops/contracts';
import type { ActionInput, CaseAction } from '@gridops/domain';
import { claimAttachments } from '../attachments/attachment-claims';
import { DirectoryService } from '../directory/directory.service';
import { CaseActionPlanner, CategoryMemo, principalOf, type ActingAs, type PlannedStep } from './case-action-planner';
import { CaseColumns } from './case-columns';
import type { JournalEntry } from './case-journal';
import { CaseQueryService } from './case-query.service';
import { caseRefusal, isRefusal, type CaseRefusal } from './case-refusal';
import { CaseWriter } from './case-writer';
import { CaseEntity } from './case.entity';

export type { ActingAs } from './case-action-planner';

export type TransitionResult = { ok: true; caseId: string; seq: string; version: number } | CaseRefusal;

/** One automatic step of a chain (applySteps): the action and its input; the version is the chain's business. */
export interface SystemStep {
  action: CaseAction;
  /** no attachments: the pipeline uploads nothing, and a chain claims none */
  input: Omit<ActionRequest, 'version' | 'attachmentIds'> & Pick<ActionInput, 'systemFlags' | 'systemNote'>;
}

export interface StepsResult {
  /** the steps taken, in order (a prefix of those asked for) */
  applied: CaseAction[];
  /** why the next step was not taken, when one was refused */
  refused?: CaseRefusal;
}

const changedMeanwhile = () => caseRefusal('STALE_VERSION', 'the case was changed by someone else just now; reload and try again');

/**
 * The one state-change path (style rule 6): every action, by a person or by the pipeline, goes through here —
 * decide (CaseActionPlanner, libs/domain's rules), commit (CaseWriter: the case with an optimistic version check,
 * its timeline events and outbox rows in one statement), publish (CaseWriter.published, after commit). Refusals
 * are typed results; the api's CaseRefusalFilter turns them into HTTP, the pipeline into "skipped".
 */
@Injectable()
export class CaseTransitionService {
  private readonly columns: CaseColumns;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly query: CaseQueryService,
    private readonly directory: DirectoryService,
    private readonly planner: CaseActionPlanner,
    private readonly writer: CaseWriter,
  ) {
    this.columns = new CaseColumns(ds);
  }

  /**
   * `loaded`: the case as the caller just read it (the pipeline re-reads before every step), so it is not read twice;
   * the version check in the UPDATE still guards against anything that changed since.
   */
  async apply(
    caseId: string,
    action: CaseAction,
    by: ActingAs,
    body: ActionRequest & Pick<ActionInput, 'systemFlags' | 'systemNote'>,
    opts: { now?: Date; loaded?: CaseEntity } = {},
  ): Promise<TransitionResult> {
    const now = opts.now ?? new Date();
    const current = opts.loaded?.id === caseId ? opts.loaded : await this.query.visible(caseId, by.actor);
    if (!current) return caseRefusal('NOT_FOUND', 'case not found');
    const step = await this.planner.plan(current, action, by, body, now);
    if (isRefusal(step)) return step;
    const principal = principalOf(by);
    const merge = action === 'merge' && !!step.input.targetCaseId;
    const write = async (m: EntityManager) => {
      const entries = [step.entry];
      if (merge && step.input.targetCaseId) entries.push(await this.mergeNote(m, current, step.input.targetCaseId, by, now));
      const seqs = await this.writer.commitChange(m, current, step.next, entries, now);
      if (seqs && principal) await claimAttachments(m, step.attachments, { principal, caseId, eventSeq: seqs[0], at: now });
      return { entries, seqs };
    };
    const { entries, seqs } = (principal !== null && step.attachments.length > 0) || merge ? await this.ds.transaction(write) : await write(this.ds.manager);
    if (!seqs) return changedMeanwhile();
    const version = current.version + 1;
    // the row as it now stands, for the boards: no need to read back what we just wrote
    this.writer.published(entries, seqs, [this.columns.entity({ ...current, ...step.next, version, updatedAt: now })]);
    return { ok: true, caseId, seq: seqs[0], version };
  }

  /**
   * Several system steps on one case in a row — register → file → dispatch of a patrol report: each is decided like
   * any action and lands on the timeline as its own event, but the case row is written once, in one statement.
   * Stops at the first step the rules refuse; the steps before it are kept. `loaded` is the case as just read.
   */
  async applySteps(loaded: CaseEntity, steps: readonly SystemStep[], by: ActingAs, now = new Date()): Promise<StepsResult> {
    let current = loaded;
    let refused: CaseRefusal | undefined;
    const planned: PlannedStep[] = [];
    const categories = new CategoryMemo(this.directory);
    for (const s of steps) {
      const step = await this.planner.plan(current, s.action, by, { ...s.input, version: current.version }, now, categories);
      if (isRefusal(step)) {
        refused = step;
        break;
      }
      planned.push(step);
      current = this.columns.entity({ ...current, ...step.next, version: current.version + 1, updatedAt: now });
    }
    if (planned.length === 0) return { applied: [], refused };
    const entries = planned.map((p) => p.entry);
    const seqs = await this.writer.commitChange(this.ds.manager, loaded, current, entries, now);
    if (!seqs) return { applied: [], refused: changedMeanwhile() };
    this.writer.published(entries, seqs, [current]);
    return { applied: planned.map((p) => p.entry.type as CaseAction), refused };
  }

  /** A merge leaves a note on the case it merged into, in the same statement as the merge. */
  private async mergeNote(m: EntityManager, merged: CaseEntity, targetId: string, by: ActingAs, now: Date): Promise<JournalEntry> {
    const target = await m.getRepository(CaseEntity).findOneByOrFail({ id: targetId });
    return {
      caseId: target.id,
      type: 'comment',
      actor: by.actor,
      actorName: by.name,
      fromState: target.state,
      toState: target.state,
      systemNote: { code: 'case.merged', params: { number: merged.number } },
      payload: { mergedFrom: merged.id },
      at: now,
      topic: 'case.updated',
      deadlineVersion: target.deadlineVersion,
      caseVersion: target.version,
    };
  }
}
