/** How many tokens are remembered: every signed-in console and device of a town, with room to spare. */
export const VERIFIED_TOKENS_MAX = 5_000;

/**
 * Tokens whose signature and claims were checked, with what they said, until they expire. The signature of a token
 * never changes its verdict, so remembering it changes nothing but the CPU spent; whether its user still stands
 * behind it is checked on every use (UserAccessService). Bounded: the oldest entry goes when a new one would exceed
 * the limit.
 */
export class VerifiedTokens<T> {
  private readonly entries = new Map<string, { value: T; expiresAtMs: number }>();

  constructor(private readonly max = VERIFIED_TOKENS_MAX) {}

  get(token: string, nowMs: number): T | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.value;
  }

  set(token: string, value: T, expiresAtMs: number): void {
    if (!Number.isFinite(expiresAtMs)) return;
    this.entries.delete(token);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { value, expiresAtMs });
  }

  get size(): number {
    return this.entries.size;
  }
}
