import sharp from 'sharp';
import { ATTACHMENT_ACCEPTED_TYPES } from '@gridops/contracts';
import { ApiError } from '../platform/errors/api-error';
import { describeContent, sniffImageType, type SniffedType } from './image-sniff';

/** Decompression-bomb guard: a 10 MiB file may still claim a billion pixels. 50 MP covers every phone camera. */
export const MAX_INPUT_PIXELS = 50_000_000;
/** Stored photos are at most this many pixels on their long side: enough to read a sign, small enough to serve. */
export const MAX_STORED_SIDE = 4096;
export const THUMB_SIDE = 320;

export interface ProcessedImage {
  data: Buffer;
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  ext: 'jpg' | 'png' | 'webp';
  width: number;
  height: number;
  thumb: Buffer;
  /** what the upload really was */
  sourceType: SniffedType;
}

const unsupported = (what: string) =>
  new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `只接受 JPEG、PNG、WebP、HEIC 图片；此文件是 ${what} / only JPEG, PNG, WebP or HEIC photos are accepted, judged by the file's content; this file is: ${what}`, {
    detected: what,
    accepted: ATTACHMENT_ACCEPTED_TYPES,
  });

/** sharp's format names for each sniffed family: the decoder must agree with the magic bytes. */
const SHARP_FORMATS: Record<SniffedType, string[]> = { jpeg: ['jpeg'], png: ['png'], webp: ['webp'], heif: ['heif'] };

/**
 * Check a photo by its content, then re-encode it: orientation applied (`rotate()` reads the EXIF orientation),
 * every metadata block dropped (EXIF with GPS, XMP, IPTC, comments — sharp writes none unless asked), long side at
 * most MAX_STORED_SIDE. HEIC becomes JPEG because browsers other than Safari cannot show HEIC. A thumbnail is made
 * from the stripped image.
 */
export async function processImage(input: Buffer): Promise<ProcessedImage> {
  const sourceType = sniffImageType(input);
  if (!sourceType) throw unsupported(describeContent(input));

  let meta: sharp.Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new ApiError(422, 'IMAGE_UNREADABLE', `图片已损坏或无法识别 / the ${sourceType.toUpperCase()} file is damaged or not a real image`);
  }
  if (!SHARP_FORMATS[sourceType].includes(meta.format ?? '')) throw unsupported(`${meta.format ?? 'unknown'} data behind a ${sourceType} header`);
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  if (!width || !height) throw new ApiError(422, 'IMAGE_UNREADABLE', '图片没有尺寸信息 / the image has no dimensions');
  if (width * height > MAX_INPUT_PIXELS) {
    throw new ApiError(413, 'IMAGE_TOO_LARGE', `图片像素过多（${width}×${height}），上限 ${MAX_INPUT_PIXELS / 1e6} MP / the image is ${width}×${height} pixels; the limit is ${MAX_INPUT_PIXELS / 1e6} megapixels`);
  }

  const outFormat = sourceType === 'heif' ? 'jpeg' : sourceType;
  let main: { data: Buffer; info: sharp.OutputInfo };
  try {
    let pipeline = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: MAX_STORED_SIDE, height: MAX_STORED_SIDE, fit: 'inside', withoutEnlargement: true });
    pipeline =
      outFormat === 'jpeg'
        ? pipeline.jpeg({ quality: 85, mozjpeg: true })
        : outFormat === 'png'
          ? pipeline.png({ compressionLevel: 7 })
          : pipeline.webp({ quality: 85 });
    main = await pipeline.toBuffer({ resolveWithObject: true });
  } catch (err) {
    if (sourceType === 'heif') {
      // the prebuilt libvips decodes AV1-coded HEIF only; HEVC-coded HEIC needs a libvips built with libde265
      throw new ApiError(415, 'HEIC_NOT_DECODABLE', '此 HEIC 照片无法在服务器上解码，请在手机相机设置中选择“兼容性最佳”（JPEG）后重拍或转换为 JPEG 上传 / this HEIC photo cannot be decoded on the server; send it as JPEG (camera setting "Most Compatible")', {
        reason: (err as Error).message.slice(0, 200),
      });
    }
    throw new ApiError(422, 'IMAGE_UNREADABLE', `图片已损坏，无法处理 / the ${sourceType.toUpperCase()} file is damaged and cannot be processed`);
  }
  const thumb = await sharp(main.data)
    .resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 70 })
    .toBuffer();
  const mime = outFormat === 'jpeg' ? 'image/jpeg' : outFormat === 'png' ? 'image/png' : 'image/webp';
  const ext = outFormat === 'jpeg' ? 'jpg' : outFormat;
  return { data: main.data, mime, ext, width: main.info.width, height: main.info.height, thumb, sourceType };
}
