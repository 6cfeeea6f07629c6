import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DirectoryModule } from '../directory/directory.module';
import { IntakeModule } from '../intake/intake.module';
import { HotspotsService } from './hotspots.service';

/** 高发点位: hotspots found on read, and the 专项 case a shift lead opens for one (docs/board.md). */
@Module({
  imports: [DirectoryModule, CasesModule, IntakeModule],
  providers: [HotspotsService],
  exports: [HotspotsService],
})
export class HotspotsModule {}
