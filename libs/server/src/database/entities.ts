import { ApiKeyEntity } from '../auth/api-key.entity';
import { CaseEventEntity } from '../cases/case-event.entity';
import { CaseNumberCounterEntity } from '../cases/case-number-counter.entity';
import { CaseEntity } from '../cases/case.entity';
import { CaseLinkEntity } from '../cases/case-link.entity';
import { CalendarDayEntity } from '../directory/calendar-day.entity';
import { CalendarSettingsEntity } from '../directory/calendar-settings.entity';
import { CategoryEntity } from '../directory/category.entity';
import { DistrictEntity } from '../directory/district.entity';
import { DutyRosterEntity } from '../directory/duty-roster.entity';
import { DutyShiftLeadEntity } from '../directory/duty-shift-lead.entity';
import { GridCellEntity } from '../directory/grid-cell.entity';
import { GeographyVersionEntity } from '../directory/geography-version.entity';
import { UnitEntity } from '../directory/unit.entity';
import { UserEntity } from '../directory/user.entity';
import { IdempotencyKeyEntity } from '../intake/idempotency-key.entity';
import { OutboxEntity } from '../platform/outbox/outbox.entity';
import { NotificationEntity } from '../notify/notification.entity';
import { Open311RequestEntity } from '../open311/open311-request.entity';
import { DeviceEntity } from '../devices/device.entity';
import { AlarmEntity } from '../devices/alarm.entity';
import { AttachmentEntity } from '../attachments/attachment.entity';
import { HotlineImportMappingEntity } from '../hotline/hotline-import-mapping.entity';
import { HotlineOrderEntity } from '../hotline/hotline-order.entity';
import { HotlineImportEntity } from '../hotline/hotline-import.entity';
import { TrendWarningEntity } from '../trends/trend-warning.entity';
import { VIDEO_ENTITIES } from '../video/video.entities';
import { AddressEntity } from '../directory/addresses/address.entity';

/** Every table the app maps; the data source, the migration generator and tests all use this one list. */
export const ENTITIES = [
  DistrictEntity,
  GridCellEntity,
  CategoryEntity,
  UnitEntity,
  UserEntity,
  DutyRosterEntity,
  DutyShiftLeadEntity,
  CalendarDayEntity,
  CalendarSettingsEntity,
  CaseEntity,
  CaseEventEntity,
  CaseNumberCounterEntity,
  OutboxEntity,
  ApiKeyEntity,
  IdempotencyKeyEntity,
  NotificationEntity,
  Open311RequestEntity,
  DeviceEntity,
  AlarmEntity,
  AttachmentEntity,
  HotlineImportMappingEntity,
  HotlineOrderEntity,
  HotlineImportEntity,
  GeographyVersionEntity,
  TrendWarningEntity,
  CaseLinkEntity,
  ...VIDEO_ENTITIES,
  AddressEntity,
];
