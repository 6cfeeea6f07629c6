import { CameraEntity } from './camera.entity';
import { VideoDetectionEntity } from './video-detection.entity';
import { VideoThresholdEntity } from './video-threshold.entity';

/** The video channel's tables (database/entities.ts lists them with the rest). */
export const VIDEO_ENTITIES = [CameraEntity, VideoDetectionEntity, VideoThresholdEntity];
