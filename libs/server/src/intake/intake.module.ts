import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { IntakeService } from './intake.service';

@Module({
  imports: [DirectoryModule],
  providers: [IntakeService],
  exports: [IntakeService],
})
export class IntakeModule {}
