import { LocalFolderStorage } from './local-folder.storage';
import { contentDisposition, sanitiseFileName } from './file-name';
import { sniffImageType } from './image-sniff';

describe('file names of uploads', () => {
  it.each([
    ['../../etc/passwd.jpg', 'passwd.jpg'],
    ['C:\\Users\\me\\Pictures\\IMG_1.JPG', 'IMG_1.JPG'],
    ['..', null],
    ['.hidden.png', 'hidden.png'],
    ['a\u0000b\u202e.jpg', 'ab.jpg'],
    ['现场照片 1.jpg', '现场照片 1.jpg'],
    ['', null],
  ])('%j → %j', (raw, expected) => {
    expect(sanitiseFileName(raw)).toBe(expected);
  });

  it('keeps names to 200 characters and sends them safely in a header', () => {
    expect(sanitiseFileName(`${'长'.repeat(300)}.jpg`)?.length).toBe(200);
    expect(contentDisposition('现场 "1".jpg', 'x.jpg')).toBe(`inline; filename="__ _1_.jpg"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%20%221%22.jpg`);
  });
});

describe('the type of an upload, from its first bytes', () => {
  it('knows JPEG, PNG, WebP and HEIF, and nothing else', () => {
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImageType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))).toBe('webp');
    expect(sniffImageType(Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1'))).toBe('heif');
    expect(sniffImageType(Buffer.from('\0\0\0\x18ftypisom\0\0\0\0isommp41', 'latin1'))).toBeNull(); // an MP4 video
    expect(sniffImageType(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
  });
});

describe('the local folder storage', () => {
  it('refuses any key that is not one it generates', async () => {
    const storage = new LocalFolderStorage('/tmp/gridops-never-written');
    for (const key of ['../../etc/passwd', '/etc/passwd', '2026/11/../../x.jpg', '2026/11/not-a-uuid.jpg', '2026/11/00000000-0000-4000-8000-000000000000.exe']) {
      await expect(storage.put(key, Buffer.from('x'))).rejects.toThrow(/not a storage key/);
    }
  });
});
