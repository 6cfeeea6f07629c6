import { InitialSchema1764100000000 } from './1764100000000-InitialSchema';
import { CaseEventsAppendOnly1764100000001 } from './1764100000001-CaseEventsAppendOnly';
import { PipelineColumns1764200000000 } from './1764200000000-PipelineColumns';
import { OutboxNotify1764200000001 } from './1764200000001-OutboxNotify';
import { NotificationDedupe1764300000000 } from './1764300000000-NotificationDedupe';
import { OutboxNotifyAfterCommit1764400000000 } from './1764400000000-OutboxNotifyAfterCommit';
import { OpenCaseIndexes1764500000000 } from './1764500000000-OpenCaseIndexes';

/** In order. Generated ones come from `typeorm migration:generate` (docs/development.md); CI checks the entities need no new one. */
export const MIGRATIONS = [
  InitialSchema1764100000000, CaseEventsAppendOnly1764100000001, PipelineColumns1764200000000, OutboxNotify1764200000001, NotificationDedupe1764300000000,
  OutboxNotifyAfterCommit1764400000000,
  OpenCaseIndexes1764500000000,
];
