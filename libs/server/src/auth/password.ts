import { randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';

/**
 * The one way to argon2 (argon2id with the library's defaults, OWASP-grade memory cost). An object rather than bare
 * functions so a test can watch the verification a sign-in really runs (apps/api/test/security/login.spec.ts).
 */
export const passwordHashing = {
  hash(plain: string): Promise<string> {
    return argon2.hash(plain, { type: argon2.argon2id });
  },
  async verify(hash: string, plain: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, plain);
    } catch {
      return false;
    }
  },
};

export function hashPassword(plain: string): Promise<string> {
  return passwordHashing.hash(plain);
}

export function verifyPassword(hash: string, plain: string): Promise<boolean> {
  return passwordHashing.verify(hash, plain);
}

let dummy: Promise<string> | null = null;

/**
 * A hash of a random secret, made with the same parameters as every stored hash, once per process: a sign-in for a
 * username that does not exist verifies against it, so it costs what a wrong password for a real user costs and the
 * answer's timing does not tell whether the name exists. Made at start (AuthService) so the first unknown name does
 * not pay for hashing as well.
 */
export function dummyPasswordHash(): Promise<string> {
  if (!dummy) {
    const made = hashPassword(randomBytes(32).toString('base64url'));
    made.catch(() => (dummy = null)); // tried again next time
    dummy = made;
  }
  return dummy;
}
