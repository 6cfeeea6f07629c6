import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { ATTACHMENT_STORAGE } from './attachment-storage';
import { AttachmentUrlSigner } from './attachment-urls';
import { AttachmentsService } from './attachments.service';
import { LocalFolderStorage } from './local-folder.storage';

/** Photos and attachments. Storage is the local folder UPLOAD_DIR; bind ATTACHMENT_STORAGE to another implementation to move them. */
@Module({
  providers: [
    { provide: ATTACHMENT_STORAGE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new LocalFolderStorage(config.UPLOAD_DIR) },
    AttachmentUrlSigner,
    AttachmentsService,
  ],
  exports: [AttachmentsService, AttachmentUrlSigner, ATTACHMENT_STORAGE],
})
export class AttachmentsModule {}
