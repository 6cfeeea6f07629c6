import { Module } from '@nestjs/common';
import { CalendarService } from './calendar.service';
import { DirectoryService } from './directory.service';
import { TownGeographyService } from './town-geography.service';
import { AddressService } from './addresses/address.service';
import { AddressImportService } from './addresses/address-import.service';

@Module({
  providers: [DirectoryService, TownGeographyService, CalendarService, AddressService, AddressImportService],
  exports: [DirectoryService, TownGeographyService, CalendarService, AddressService, AddressImportService],
})
export class DirectoryModule {}
