import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobName, type JobPayloads } from '@gridops/contracts';
import type { Source, SystemNote } from '@gridops/domain';
import { CaseEntity } from '../cases/case.entity';
import { nearbyOpenCases } from '../cases/nearby-cases';
import { isSpecialCase } from '../cases/case-links';
import { DirectoryService } from '../directory/directory.service';
import { openCaseToMergeInto, sensorOfCase } from '../cases/sensor-cases';
import type { JobHandlerMap, JobOutcome, JobProcessor } from './job-handler';
import { SystemActions } from './system-actions.service';
import { DispatchPlanner } from './dispatch-planner';

/** Sources whose reports the pipeline may file without an operator: a grid worker saw it, or a sensor measured it. */
const AUTO_FILE_SOURCES: readonly Source[] = ['patrol', 'iot'];

/**
 * intake: a new report. IoT alarms of a device (video detections of a camera and category) whose case is still open
 * merge into that case; otherwise a nearby
 * open case of the same category is linked as a suggested duplicate, and patrol / IoT reports of categories that
 * allow it are registered and filed. Citizen, 12345 and video reports wait for an operator.
 */
@Injectable()
export class IntakeProcessor implements JobProcessor {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly system: SystemActions,
    private readonly directory: DirectoryService,
    private readonly planner: DispatchPlanner,
  ) {}

  handlers(): JobHandlerMap {
    return { [JobName.IntakeCase]: (p) => this.intake(p) };
  }

  async intake({ caseId }: JobPayloads[typeof JobName.IntakeCase]): Promise<JobOutcome> {
    const c = await this.system.load(caseId);
    if (!c) return 'skipped: case not found';
    if (c.state !== 'REPORTED') return `skipped: case is ${c.state}`;

    const sensor = sensorOfCase(c);
    if (sensor) {
      const open = await this.openCaseOfSensor(c);
      const systemNote: SystemNote = sensor.kind === 'device' ? { code: 'intake.deviceRepeat' as const, params: { device: sensor.id } } : { code: 'intake.cameraRepeat' as const, params: { camera: sensor.id } };
      if (open) return this.system.act(c, 'merge', { targetCaseId: open.id, systemNote }, { states: ['REPORTED'] });
    }

    if (!c.suggestedDuplicateOf) {
      const dup = await this.nearbyOpenCase(c);
      // a 专项 case (opened for a hotspot's root cause) lies among the repeats it links on purpose: not a duplicate
      // (asked only when there is a candidate, so the common report pays nothing for it)
      if (dup && !(await isSpecialCase(this.ds, c.id))) {
        // a suggested duplicate is for a person to judge before it becomes a second case in the field
        const outcome = await this.system.act(
          c,
          'comment',
          { systemNote: { code: 'intake.possibleDuplicate', params: { number: dup.number } }, systemFlags: { suggestedDuplicateOf: dup.id } },
          { states: ['REPORTED'] },
        );
        return outcome === 'done' ? 'skipped: possible duplicate, waits for an operator' : outcome;
      }
    }

    const category = await this.directory.category(c.categoryCode);
    if (!category?.autoFileFromPatrol || !AUTO_FILE_SOURCES.includes(c.source)) return 'skipped: waits for an operator';
    if (c.suggestedDuplicateOf) return 'skipped: possible duplicate, waits for an operator';
    // registered, filed and — when someone can take it — dispatched in one write; with no one on duty the filed
    // case's dispatch job holds it for the desk
    const dispatch = await this.planner.dispatchStep(c, category);
    return this.system.steps(
      c,
      [{ action: 'register', input: { systemNote: { code: 'intake.registered' } } }, { action: 'file', input: { systemNote: { code: 'intake.filed' } } }, ...(dispatch ? [dispatch] : [])],
      { states: ['REPORTED'] },
    );
  }

  /** the sensor's (device's or camera's) older open case: the channels' ingests merge repeats themselves, this
   * catches reports that raced past them (only where the registry entry and both cases' places agree: cases/sensor-cases.ts) */
  private openCaseOfSensor(c: CaseEntity): Promise<CaseEntity | null> {
    return openCaseToMergeInto(this.ds, c);
  }

  /** the nearest open case of the same category around it (the one duplicate search: cases/nearby-cases.ts) */
  private async nearbyOpenCase(c: CaseEntity): Promise<{ id: string; number: string } | null> {
    const [near] = await nearbyOpenCases(this.ds, { categoryCode: c.categoryCode, lat: c.lat, lng: c.lng, at: c.reportedAt, excludeId: c.id }, 1);
    return near ?? null;
  }
}
