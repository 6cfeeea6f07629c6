import { InitialSchema1764100000000 } from './1764100000000-InitialSchema';
import { CaseEventsAppendOnly1764100000001 } from './1764100000001-CaseEventsAppendOnly';

/** In order. Generated ones come from `npm run migrations:generate`; CI checks the entities need no new one. */
export const MIGRATIONS = [InitialSchema1764100000000, CaseEventsAppendOnly1764100000001];
