import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';

export type AttachmentVariant = 'file' | 'thumb';

/** Expiry is rounded up to this step, so a console that refetches a case gets the same URLs and the browser cache hits. */
const EXPIRY_STEP_SECONDS = 300;

/**
 * Signed, short-lived photo URLs: `<img src>` cannot send a bearer token, so the API hands out
 * `/api/v1/attachments/<id>?exp=<unix seconds>&sig=<HMAC>` (`/thumb` for the thumbnail) to people allowed to see the
 * photo at that moment. The URL is a capability until it expires (ATTACHMENT_URL_TTL_SECONDS); it names one file.
 */
@Injectable()
export class AttachmentUrlSigner {
  private readonly key: Buffer;
  private readonly ttl: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // a key of its own, derived from the JWT secret: a URL signature is never usable as anything else
    this.key = createHmac('sha256', config.JWT_SECRET).update('gridops attachment url v1').digest();
    this.ttl = config.ATTACHMENT_URL_TTL_SECONDS;
  }

  sign(id: string, variant: AttachmentVariant, now = new Date(), ttlSeconds = this.ttl): { url: string; expiresAt: Date } {
    const exp = Math.ceil((Math.floor(now.getTime() / 1000) + ttlSeconds) / EXPIRY_STEP_SECONDS) * EXPIRY_STEP_SECONDS;
    const sig = this.mac(id, variant, exp);
    const path = variant === 'file' ? `/api/v1/attachments/${id}` : `/api/v1/attachments/${id}/thumb`;
    return { url: `${path}?exp=${exp}&sig=${sig}`, expiresAt: new Date(exp * 1000) };
  }

  /** 'ok', or why not. */
  verify(id: string, variant: AttachmentVariant, exp: string, sig: string, now = new Date()): 'ok' | 'expired' | 'invalid' {
    if (!/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return 'invalid';
    const expected = Buffer.from(this.mac(id, variant, Number(exp)));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
    return Number(exp) * 1000 < now.getTime() ? 'expired' : 'ok';
  }

  private mac(id: string, variant: AttachmentVariant, exp: number): string {
    return createHmac('sha256', this.key).update(`${id}\n${variant}\n${exp}`).digest('base64url');
  }
}
