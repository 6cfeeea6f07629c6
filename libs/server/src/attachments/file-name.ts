/**
 * The uploaded file name reduced to harmless display text: no directories (`../../etc/passwd.jpg` → `passwd.jpg`),
 * no control or bidi-override characters, no leading dots, at most 200 characters. It is shown to people and sent in
 * Content-Disposition; it never reaches the file system (storage keys are generated ids).
 */
export function sanitiseFileName(raw: string | undefined | null): string | null {
  if (!raw) return null;
  const base = raw.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // control characters (C0, DEL, C1), bidi overrides and isolates, zero-width characters
    .replace(/[\p{Cc}\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu, '')
    .replace(/["*:<>?|]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  if (!cleaned) return null;
  return [...cleaned].slice(0, 200).join('');
}

/** `inline; filename="…"; filename*=UTF-8''…` with an ASCII fallback, so any name travels safely in a header. */
export function contentDisposition(name: string | null, fallback: string): string {
  const display = name ?? fallback;
  const ascii = display.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(display)}`;
}
