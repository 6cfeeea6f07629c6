/**
 * Phone photos are 4000 px and 3–8 MB; on a slow link that is minutes per photo. Before upload each photo is
 * re-encoded as a JPEG whose long side is at most 1600 px (plenty to see a broken manhole cover), usually 200–400 kB.
 */
export const PHOTO_MAX_SIDE = 1600;
export const PHOTO_QUALITY = 0.82;

/** The size to draw at: scaled down to fit `maxSide`, never up. */
export function fitWithin(width: number, height: number, maxSide = PHOTO_MAX_SIDE): { width: number; height: number } {
  const long = Math.max(width, height);
  if (long <= maxSide || long <= 0) return { width, height };
  const scale = maxSide / long;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** `IMG_1234.HEIC` → `IMG_1234.jpg` */
export function jpegName(name: string): string {
  const base = name.replace(/\.[^./\\]+$/, '') || 'photo';
  return `${base}.jpg`;
}

/**
 * Downscale a picked photo to a JPEG Blob. EXIF orientation is applied while decoding (`imageOrientation`), so the
 * result stands the right way up without its EXIF (which the server strips anyway). A format the browser cannot
 * decode (HEIC outside Safari) is passed through unchanged: the server converts it.
 */
export async function downscalePhoto(file: Blob & { name?: string }, maxSide = PHOTO_MAX_SIDE): Promise<{ blob: Blob; name: string }> {
  const name = file.name ?? 'photo.jpg';
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return { blob: file, name };
  }
  try {
    const { width, height } = fitWithin(bitmap.width, bitmap.height, maxSide);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return { blob: file, name };
    ctx.drawImage(bitmap, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', PHOTO_QUALITY));
    // keep the original when re-encoding would not save anything (a small screenshot, say)
    if (!blob || (blob.size >= file.size && width === bitmap.width)) return { blob: file, name };
    return { blob, name: jpegName(name) };
  } finally {
    bitmap.close();
  }
}
