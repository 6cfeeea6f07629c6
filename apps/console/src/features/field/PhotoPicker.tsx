import { CameraOutlined, CloseOutlined, LoadingOutlined, PictureOutlined } from '@ant-design/icons';
import { App } from 'antd';
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentKind } from '@gridops/contracts';
import { downscalePhoto } from './image-resize';
import type { QueuedPhoto } from './outbox/outbox-entry';

/** A photo picked on the phone, already downscaled, with a preview URL while the form is open. */
export interface PickedPhoto {
  localId: string;
  kind: AttachmentKind;
  blob: Blob;
  name: string;
  url: string;
}

export const newId = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

export const toQueued = (p: PickedPhoto): QueuedPhoto => ({ localId: p.localId, kind: p.kind, blob: p.blob, name: p.name, attachmentId: null });

/**
 * Take photos with the camera (`capture="environment"`) or pick them from the album; each is shrunk to a ~1600 px
 * JPEG before it is kept, so the upload is small on a slow link.
 */
export function PhotoPicker({ kind, photos, onChange, max, testId }: { kind: AttachmentKind; photos: PickedPhoto[]; onChange: (next: PickedPhoto[]) => void; max: number; testId?: string }) {
  const { t } = useTranslation('field');
  const { message } = App.useApp();
  const [busy, setBusy] = useState(0);
  const latest = useRef(photos);
  latest.current = photos;
  const mine = photos.filter((p) => p.kind === kind);

  const add = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(e.target.files ?? []);
    e.target.value = ''; // the same photo may be picked again after removing it
    const room = max - latest.current.length;
    if (files.length > room) void message.warning(t('photo.tooMany', { n: max }));
    const accepted = files.slice(0, Math.max(0, room));
    setBusy((n) => n + accepted.length);
    for (const file of accepted) {
      try {
        const { blob, name } = await downscalePhoto(file);
        const photo: PickedPhoto = { localId: newId(), kind, blob, name, url: URL.createObjectURL(blob) };
        latest.current = [...latest.current, photo];
        onChange(latest.current);
      } catch {
        void message.error(t('photo.failed'));
      } finally {
        setBusy((n) => n - 1);
      }
    }
  };

  const remove = (id: string) => {
    const gone = photos.find((p) => p.localId === id);
    if (gone) URL.revokeObjectURL(gone.url);
    onChange(photos.filter((p) => p.localId !== id));
  };

  const full = photos.length + busy >= max;
  return (
    <div className="photo-picker" data-testid={testId ?? `photos-${kind}`}>
      {mine.map((p) => (
        <div className="tile" key={p.localId}>
          <img src={p.url} alt={p.name} />
          <button type="button" className="remove" aria-label={t('photo.remove')} onClick={() => remove(p.localId)}>
            <CloseOutlined />
          </button>
        </div>
      ))}
      {Array.from({ length: busy }, (_, i) => (
        <div className="tile" key={`busy-${i}`} style={{ display: 'flex', alignItems: 'center', justifyContent: 'center' }} aria-label={t('photo.processing')}>
          <LoadingOutlined />
        </div>
      ))}
      {!full && (
        <>
          <label className="add">
            <CameraOutlined />
            {t('photo.camera')}
            <input type="file" accept="image/*" capture="environment" onChange={(e) => void add(e)} data-testid={`camera-${kind}`} />
          </label>
          <label className="add">
            <PictureOutlined />
            {t('photo.album')}
            <input type="file" accept="image/*" multiple onChange={(e) => void add(e)} data-testid={`album-${kind}`} />
          </label>
        </>
      )}
    </div>
  );
}

/** Free the preview URLs when a form goes away. */
export function useRevokeOnUnmount(photos: PickedPhoto[]): void {
  const ref = useRef(photos);
  ref.current = photos;
  useEffect(() => () => ref.current.forEach((p) => URL.revokeObjectURL(p.url)), []);
}
