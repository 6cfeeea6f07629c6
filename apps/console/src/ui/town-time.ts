import dayjs, { type ConfigType, type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The town runs on Shanghai time (上海时间, UTC+8, no daylight saving) whatever the screen's computer is set to. */
export const TOWN_TIME_ZONE = 'Asia/Shanghai';

/**
 * A moment as the town's clocks show it, for display: a report time, a deadline, a timeline entry. Every screen
 * shows times this way, so the desk, the case file, the phone and the wall board agree with each other and with the
 * server's "today" even on a computer set to another zone.
 */
export function townTime(at?: ConfigType): Dayjs {
  return dayjs(at).tz(TOWN_TIME_ZONE);
}
