import { Image } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AttachmentKind, AttachmentView } from '@gridops/contracts';
import { usePhotoUrl } from '../../offline/useOfflineCache';

const KIND_ORDER: AttachmentKind[] = ['report', 'before', 'after', 'other'];

/** One photo: the signed URLs online, the phone's saved copy without coverage (photo-cache.ts). */
function Photo({ photo: p }: { photo: AttachmentView }) {
  const thumb = usePhotoUrl(p.thumbUrl);
  const full = usePhotoUrl(p.url);
  return <Image src={thumb} preview={{ src: full ?? thumb }} alt={p.originalName ?? p.kind} data-testid="photo" data-saved={thumb?.startsWith('blob:') ? 'true' : undefined} />;
}

/** A row of thumbnails; tap for the full photo (signed URLs, no token needed). */
export function PhotoStrip({ photos }: { photos: AttachmentView[] }) {
  return (
    <Image.PreviewGroup>
      <div className="field-photos" style={{ marginTop: 6 }}>
        {photos.map((p) => (
          <Photo key={p.id} photo={p} />
        ))}
      </div>
    </Image.PreviewGroup>
  );
}

/** Every photo of the case, grouped by what it shows: 上报 / 处置前 / 处置后 / 其他. */
export function PhotoGallery({ photos }: { photos: AttachmentView[] }) {
  const { t } = useTranslation('field');
  if (photos.length === 0) return <div style={{ color: '#5f6878' }}>{t('detail.noPhotos')}</div>;
  return (
    <div data-testid="photo-gallery">
      {KIND_ORDER.map((kind) => {
        const mine = photos.filter((p) => p.kind === kind);
        if (mine.length === 0) return null;
        return (
          <div key={kind}>
            <div className="field-photo-kind">{t(`detail.kinds.${kind}`)} · {mine.length}</div>
            <PhotoStrip photos={mine} />
          </div>
        );
      })}
    </div>
  );
}
