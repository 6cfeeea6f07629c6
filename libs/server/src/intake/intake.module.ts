import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DirectoryModule } from '../directory/directory.module';
import { IntakeService } from './intake.service';

@Module({
  imports: [DirectoryModule, CasesModule],
  providers: [IntakeService],
  exports: [IntakeService],
})
export class IntakeModule {}
