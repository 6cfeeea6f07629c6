import { InitialSchema1764100000000 } from './1764100000000-InitialSchema';
import { CaseEventsAppendOnly1764100000001 } from './1764100000001-CaseEventsAppendOnly';
import { PipelineColumns1764200000000 } from './1764200000000-PipelineColumns';
import { OutboxNotify1764200000001 } from './1764200000001-OutboxNotify';
import { NotificationDedupe1764300000000 } from './1764300000000-NotificationDedupe';
import { OutboxNotifyAfterCommit1764400000000 } from './1764400000000-OutboxNotifyAfterCommit';
import { OpenCaseIndexes1764500000000 } from './1764500000000-OpenCaseIndexes';
import { Open311Requests1764600000000 } from './1764600000000-Open311Requests';
import { Attachments1764610000000 } from './1764610000000-Attachments';
import { HotlineImport1764610000001 } from './1764610000001-HotlineImport';
import { DevicesAndAlarms1764620000000 } from './1764620000000-DevicesAndAlarms';
import { BoardStatsAndAdmin1764630000000 } from './1764630000000-BoardStatsAndAdmin';
import { DuplicateSearchByPlace1764640000000 } from './1764640000000-DuplicateSearchByPlace';
import { AttachmentPublic1764650000000 } from './1764650000000-AttachmentPublic';
import { TokenVersionsAndRefreshFamilies1764660013000 } from './1764660013000-TokenVersionsAndRefreshFamilies';
import { CaseEventsNoTruncate1764700000000 } from './1764700000000-CaseEventsNoTruncate';
import { CodedTexts1764710000000 } from './1764710000000-CodedTexts';
import { KpiRollups1764800000000 } from './1764800000000-KpiRollups';
import { CaseTextSearch1764800000140 } from './1764800000140-CaseTextSearch';
import { CaseTextsTable1764800000200 } from './1764800000200-CaseTextsTable';
import { TrendWarnings1764900000000 } from './1764900000000-TrendWarnings';
import { CaseLinks1764900000100 } from './1764900000100-CaseLinks';
import { CaseVersions1764900000200 } from './1764900000200-CaseVersions';
import { GeographyVersions1764900000300 } from './1764900000300-GeographyVersions';
import { AddressLibrary1764900000400 } from './1764900000400-AddressLibrary';
import { Open311AddressId1764900000401 } from './1764900000401-Open311AddressId';
import { SuggestionModels1764900000500 } from './1764900000500-SuggestionModels';
import { VideoChannel1764900000600 } from './1764900000600-VideoChannel';
import { VoidMilestoneIndexes1764900000800 } from './1764900000800-VoidMilestoneIndexes';
import { CaseVersionSnapshots1764900001000 } from './1764900001000-CaseVersionSnapshots';
import { KpiReturns1764900001100 } from './1764900001100-KpiReturns';
import { OpenMilestonesIndex1764900001101 } from './1764900001101-OpenMilestonesIndex';
import { KpiRollupLayout1764900001102 } from './1764900001102-KpiRollupLayout';
import { SearchOneIndex1764900001200 } from './1764900001200-SearchOneIndex';
import { CaseTextsAfterReport1764900001201 } from './1764900001201-CaseTextsAfterReport';
import { OpenSetIndex1764900001210 } from './1764900001210-OpenSetIndex';
import { KpiUnitRollup1764900001211 } from './1764900001211-KpiUnitRollup';
import { SearchNumberKeys1764900001300 } from './1764900001300-SearchNumberKeys';

/** In order. Generated ones come from `typeorm migration:generate` (docs/development.md); CI checks the entities need no new one. */
export const MIGRATIONS = [
  InitialSchema1764100000000, CaseEventsAppendOnly1764100000001, PipelineColumns1764200000000, OutboxNotify1764200000001, NotificationDedupe1764300000000,
  OutboxNotifyAfterCommit1764400000000,
  OpenCaseIndexes1764500000000,
  Open311Requests1764600000000,
  Attachments1764610000000,
  HotlineImport1764610000001,
  DevicesAndAlarms1764620000000,
  BoardStatsAndAdmin1764630000000,
  DuplicateSearchByPlace1764640000000,
  AttachmentPublic1764650000000,
  TokenVersionsAndRefreshFamilies1764660013000,
  CaseEventsNoTruncate1764700000000,
  CodedTexts1764710000000,
  KpiRollups1764800000000,
  CaseTextSearch1764800000140,
  CaseTextsTable1764800000200,
  TrendWarnings1764900000000,
  CaseLinks1764900000100,
  CaseVersions1764900000200,
  GeographyVersions1764900000300,
  AddressLibrary1764900000400,
  Open311AddressId1764900000401,
  SuggestionModels1764900000500,
  VideoChannel1764900000600,
  VoidMilestoneIndexes1764900000800,
  CaseVersionSnapshots1764900001000,
  KpiReturns1764900001100,
  OpenMilestonesIndex1764900001101,
  KpiRollupLayout1764900001102,
  SearchOneIndex1764900001200,
  CaseTextsAfterReport1764900001201,
  OpenSetIndex1764900001210,
  KpiUnitRollup1764900001211,
  SearchNumberKeys1764900001300,
];
