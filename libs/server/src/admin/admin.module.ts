import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DirectoryModule } from '../directory/directory.module';
import { CalendarAdminService } from './calendar-admin.service';
import { DutyRosterService } from './duty-roster.service';
import { GeographyImportService } from './geography-import.service';
import { UsersAdminService } from './users-admin.service';

/** Administration: users and roles, the duty roster, the working calendar. */
@Module({
  imports: [DirectoryModule, AuthModule],
  providers: [UsersAdminService, DutyRosterService, CalendarAdminService, GeographyImportService],
  exports: [UsersAdminService, DutyRosterService, CalendarAdminService, GeographyImportService],
})
export class AdminModule {}
