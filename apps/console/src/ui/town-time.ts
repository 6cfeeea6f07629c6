import dayjs, { type ConfigType, type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import { TOWN_TIME_ZONE } from '@gridops/domain';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * A moment as the town's clocks show it, for display: a report time, a deadline, a timeline entry. Every screen
 * shows times this way, so the desk, the case file, the phone and the wall board agree with each other and with the
 * server's "today" even on a computer set to another zone.
 */
export function townTime(at?: ConfigType): Dayjs {
  return dayjs(at).tz(TOWN_TIME_ZONE);
}
