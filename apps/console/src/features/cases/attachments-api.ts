import type { AttachmentKind, AttachmentView } from '@gridops/contracts';
import { api } from '../../api/http';

/** Uploads one photo and answers its attachment (not yet on a case: an action or a report attaches it by id). */
export type PhotoUploader = (file: File, kind: AttachmentKind) => Promise<AttachmentView>;

/** `POST /api/v1/attachments` (multipart: the file and its kind). The phone view may pass a queued uploader instead. */
export const uploadPhoto: PhotoUploader = (file, kind) => {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', file, file.name);
  return api<AttachmentView>('/attachments', { method: 'POST', form });
};
