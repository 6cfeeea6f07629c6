import { PlusOutlined } from '@ant-design/icons';
import { Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_ACCEPTED_TYPES, LIMITS, type AttachmentKind } from '@gridops/contracts';
import { HttpError } from '../../api/http';
import { uploadPhoto, type PhotoUploader } from './attachments-api';
import './messages';

/** What the server accepts, and image/heif, as some phones label their HEIC photos. */
const PICKABLE = [...ATTACHMENT_ACCEPTED_TYPES, 'image/heif'].join(',');

interface PhotoFieldProps {
  /** attachment ids uploaded so far (the form field's value) */
  value?: string[];
  onChange?: (ids: string[]) => void;
  kind: AttachmentKind;
  uploader?: PhotoUploader;
  disabled?: boolean;
}

/**
 * Photos for an action: each file is uploaded as soon as it is picked, and the field's value is the list of
 * attachment ids the action then carries. A failed upload stays visible with its reason and can be removed.
 */
export function PhotoField({ value = [], onChange, kind, uploader = uploadPhoto, disabled }: PhotoFieldProps) {
  const { t } = useTranslation('cases');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const idOf = (f: UploadFile) => (f.response as { id?: string } | undefined)?.id;

  return (
    <Upload
      listType="picture-card"
      accept={PICKABLE}
      multiple
      disabled={disabled}
      fileList={files}
      maxCount={LIMITS.photos}
      customRequest={({ file, onSuccess, onError }) => {
        uploader(file as File, kind)
          .then((a) => onSuccess?.(a))
          .catch((e: unknown) => {
            const message = e instanceof HttpError || e instanceof Error ? e.message : String(e);
            onError?.(Object.assign(new Error(message), { status: e instanceof HttpError ? e.status : 0 }));
          });
      }}
      onChange={({ fileList }) => {
        const next = fileList.map((f) => (f.status === 'error' ? { ...f, response: t('action.uploadFailed', { message: f.error?.message ?? '' }) } : f));
        setFiles(next);
        const ids = next.filter((f) => f.status === 'done').map(idOf).filter((id): id is string => !!id);
        if (ids.join() !== value.join()) onChange?.(ids);
      }}
      data-testid="photo-field"
    >
      {files.length < LIMITS.photos && (
        <button type="button" style={{ border: 0, background: 'none', cursor: 'pointer' }}>
          <PlusOutlined />
          <div style={{ marginTop: 4, fontSize: 12 }}>{t('action.upload')}</div>
        </button>
      )}
    </Upload>
  );
}
