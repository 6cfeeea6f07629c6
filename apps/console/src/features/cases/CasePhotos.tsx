import { Empty, Image } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AttachmentView } from '@gridops/contracts';
import './messages';
import { townTime } from '../../ui/town-time';

/** Every photo of the case as thumbnails, kind and time under each; click for the full image (and the others). */
export function CasePhotos({ attachments, size = 96 }: { attachments: AttachmentView[]; size?: number }) {
  const { t } = useTranslation('cases');
  if (attachments.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('photos.empty')} style={{ margin: '8px 0' }} />;
  return (
    <Image.PreviewGroup>
      <div className="case-photos" data-testid="case-photos">
        {attachments.map((a) => (
          <figure key={a.id} className="case-photo">
            <Image
              src={a.thumbUrl}
              preview={{ src: a.url }}
              width={size}
              height={size}
              style={{ objectFit: 'cover', borderRadius: 4 }}
              alt={a.originalName ?? t(`photos.kind.${a.kind}`)}
            />
            <figcaption>
              {t(`photos.kind.${a.kind}`)} · {townTime(a.createdAt).format('MM-DD HH:mm')}
            </figcaption>
          </figure>
        ))}
      </div>
    </Image.PreviewGroup>
  );
}
