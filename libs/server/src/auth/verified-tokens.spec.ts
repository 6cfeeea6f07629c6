import { VerifiedTokens } from './verified-tokens';

describe('VerifiedTokens', () => {
  it('remembers a verdict until the token expires, then forgets it', () => {
    const tokens = new VerifiedTokens<string>();
    tokens.set('a', 'alice', 1_000);
    expect(tokens.get('a', 999)).toBe('alice');
    expect(tokens.get('a', 1_000)).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('knows nothing of a token it was not told about', () => {
    const tokens = new VerifiedTokens<string>();
    tokens.set('header.payload.signature', 'alice', 10_000);
    expect(tokens.get('header.payload.signaturf', 0)).toBeUndefined();
  });

  it('drops the oldest entry beyond its bound', () => {
    const tokens = new VerifiedTokens<number>(3);
    for (let i = 0; i < 5; i++) tokens.set(`t${i}`, i, 10_000);
    expect(tokens.size).toBe(3);
    expect(tokens.get('t0', 0)).toBeUndefined();
    expect(tokens.get('t1', 0)).toBeUndefined();
    expect(tokens.get('t4', 0)).toBe(4);
  });

  it('does not remember a token without an expiry', () => {
    const tokens = new VerifiedTokens<string>();
    tokens.set('x', 'x', Number.NaN);
    expect(tokens.get('x', 0)).toBeUndefined();
  });
});
