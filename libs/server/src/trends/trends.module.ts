import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { TrendDetection } from './trend-detection.service';
import { TrendWarningsService } from './trend-warnings.service';

/** 趋势预警: the detection run (worker, `trends.detect`) and the warnings people read and acknowledge (api). */
@Module({
  imports: [DirectoryModule],
  providers: [TrendDetection, TrendWarningsService],
  exports: [TrendDetection, TrendWarningsService],
})
export class TrendsModule {}
