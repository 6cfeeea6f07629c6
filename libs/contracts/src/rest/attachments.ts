import { z } from 'zod';
import { ATTACHMENT_KINDS, type AttachmentKind } from '@gridops/domain';
import { LIMITS, uuid } from './common';

export { ATTACHMENT_KINDS, type AttachmentKind };

/** Image types an upload may be, decided from the file's content (never its name or declared type). */
export const ATTACHMENT_ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;

/** Ids of uploaded attachments a report or an action brings (`POST /api/v1/attachments` first). */
export const attachmentIdsSchema = z
  .array(uuid)
  .max(LIMITS.photos)
  .refine((ids) => new Set(ids).size === ids.length, 'the same attachment is listed twice');

/** The form fields of `POST /api/v1/attachments` besides the file (multipart/form-data). */
export const uploadAttachmentFieldsSchema = z.strictObject({
  /** what the photo shows; `after` (处置后) is what `handle` needs where the category asks for a photo */
  kind: z.enum(ATTACHMENT_KINDS).default('other'),
});
export type UploadAttachmentFields = z.input<typeof uploadAttachmentFieldsSchema>;

/**
 * `PATCH /api/v1/attachments/:id` (operator, shift lead, admin): show an attached photo to the public (Open311's
 * media_url) or withdraw it. Without a decision, a citizen-app report's own photos are public and every other photo
 * is not.
 */
export const markAttachmentSchema = z.strictObject({ public: z.boolean() });
export type MarkAttachmentRequest = z.infer<typeof markAttachmentSchema>;

/**
 * An attachment as the API shows it. `url` and `thumbUrl` are signed and expire (`urlExpiresAt`): they work in an
 * `<img src>` without a bearer token; fetch the case again for fresh ones.
 */
export interface AttachmentView {
  id: string;
  /** null until a report or an action attaches it */
  caseId: string | null;
  kind: AttachmentKind;
  /** of the stored file: EXIF stripped, HEIC converted to JPEG */
  mime: string;
  size: number;
  width: number;
  height: number;
  /** SHA-256 (hex) of the stored file */
  sha256: string;
  /** the uploaded file name, reduced to a harmless display name; never used as a path */
  originalName: string | null;
  /** the timeline event (seq) that attached it */
  eventSeq: string | null;
  /** the user who uploaded it (id null when a source system did, through an API key) */
  uploadedBy: { id: string | null; name: string };
  createdAt: string;
  /** shown to the public (Open311's media_url): a citizen-app report's own photos unless staff withdrew them, or any photo staff marked public */
  public: boolean;
  url: string;
  thumbUrl: string;
  urlExpiresAt: string;
}
