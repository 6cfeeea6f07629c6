import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Me, TokenPair } from '@gridops/contracts';
import { UserEntity } from '../directory/user.entity';
import { notFound, unauthorized } from '../platform/errors/api-error';
import { dummyPasswordHash, verifyPassword } from './password';
import type { Principal } from './principal';
import { RefreshFamilies } from './refresh-families';
import { TokenService } from './token.service';
import { isUuid } from './user-access.service';

const principalOf = (u: UserEntity): Principal => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  districtCode: u.districtCode,
  unitCode: u.unitCode,
});

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('auth');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly tokens: TokenService,
    private readonly families: RefreshFamilies,
  ) {}

  onApplicationBootstrap(): void {
    // made now, so the first sign-in with an unknown name does not also pay for making it
    void dummyPasswordHash();
  }

  /**
   * The same answer, after the same work, for an unknown user, a deactivated one and a wrong password: the password
   * is always verified — against a dummy hash of the same cost when there is no such user — so neither the answer nor
   * its timing tells which usernames exist.
   */
  async login(username: string, password: string): Promise<TokenPair> {
    const user = await this.user(username, password);
    if (!user) throw unauthorized('wrong username or password');
    return this.tokens.issue(principalOf(user), user.tokenVersion, await this.families.start(user.id, this.tokens.refreshTtlSeconds));
  }

  /** The user behind a username and password, or null (for HTTP Basic on the admin queue board). */
  async checkCredentials(username: string, password: string): Promise<Principal | null> {
    const user = await this.user(username, password);
    return user ? principalOf(user) : null;
  }

  private async user(username: string, password: string): Promise<UserEntity | null> {
    const user = await this.ds.getRepository(UserEntity).findOneBy({ username: username.slice(0, 50) });
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    return ok && user !== null && user.active ? user : null;
  }

  /**
   * Spends the refresh token (it works once) and answers a new pair. A token spent moments ago gets the same next
   * token again (two tabs at once); one spent before that revokes its whole family (refresh-families.ts).
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const claims = await this.tokens.verifyRefresh(refreshToken);
    if (!claims || !isUuid(claims.userId)) throw unauthorized('the refresh token is invalid or expired');
    const user = await this.ds.getRepository(UserEntity).findOneBy({ id: claims.userId });
    if (!user || !user.active || user.tokenVersion !== claims.version) throw unauthorized('the refresh token was revoked');
    const presented =
      claims.family !== null && claims.jti !== null
        ? { family: claims.family, jti: claims.jti, issuedAt: claims.issuedAt, expiresAt: claims.expiresAt }
        : { legacyToken: refreshToken, issuedAt: claims.issuedAt, expiresAt: claims.expiresAt };
    const decision = await this.families.spend(user.id, presented, this.tokens.refreshTtlSeconds);
    switch (decision.kind) {
      case 'rotated':
        return this.tokens.issue(principalOf(user), user.tokenVersion, decision.next);
      case 'repeated':
        return this.tokens.issue(principalOf(user), user.tokenVersion, decision.current);
      case 'refused':
        if (decision.reason === 'reused') this.logger.warn(`a spent refresh token of ${user.username} came back: its sign-in is revoked`);
        throw unauthorized(decision.reason === 'reused' ? 'the refresh token was already used; sign in again' : 'the refresh token was revoked');
    }
  }

  async me(p: Principal): Promise<Me> {
    const user = await this.ds.getRepository(UserEntity).findOneBy({ id: p.id });
    if (!user) throw notFound('user not found');
    return principalOf(user);
  }
}
