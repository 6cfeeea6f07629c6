export * from './video.module';
export * from './cameras.service';
export * from './video-ingest.service';
export * from './video-review.service';
export * from './camera.entity';
export * from './video-detection.entity';
export * from './video-threshold.entity';
