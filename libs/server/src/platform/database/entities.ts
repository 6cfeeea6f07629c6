import { ApiKeyEntity } from '../../auth/api-key.entity';
import { CaseEventEntity } from '../../cases/case-event.entity';
import { CaseNumberCounterEntity } from '../../cases/case-number-counter.entity';
import { CaseEntity } from '../../cases/case.entity';
import { CalendarDayEntity } from '../../directory/calendar-day.entity';
import { CalendarSettingsEntity } from '../../directory/calendar-settings.entity';
import { CategoryEntity } from '../../directory/category.entity';
import { DistrictEntity } from '../../directory/district.entity';
import { DutyRosterEntity } from '../../directory/duty-roster.entity';
import { GridCellEntity } from '../../directory/grid-cell.entity';
import { UnitEntity } from '../../directory/unit.entity';
import { UserEntity } from '../../directory/user.entity';
import { IdempotencyKeyEntity } from '../../intake/idempotency-key.entity';
import { OutboxEntity } from '../outbox/outbox.entity';
import { NotificationEntity } from '../../notify/notification.entity';

/** Every table the app maps; the data source, the migration generator and tests all use this one list. */
export const ENTITIES = [
  DistrictEntity,
  GridCellEntity,
  CategoryEntity,
  UnitEntity,
  UserEntity,
  DutyRosterEntity,
  CalendarDayEntity,
  CalendarSettingsEntity,
  CaseEntity,
  CaseEventEntity,
  CaseNumberCounterEntity,
  OutboxEntity,
  ApiKeyEntity,
  IdempotencyKeyEntity,
  NotificationEntity,
];
