import { Module } from '@nestjs/common';
import { CalendarService } from './calendar.service';
import { DirectoryService } from './directory.service';
import { TownGeographyService } from './town-geography.service';

@Module({
  providers: [DirectoryService, TownGeographyService, CalendarService],
  exports: [DirectoryService, TownGeographyService, CalendarService],
})
export class DirectoryModule {}
