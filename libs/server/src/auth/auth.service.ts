import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Me, TokenPair } from '@gridops/contracts';
import { UserEntity } from '../directory/user.entity';
import { notFound, unauthorized } from '../platform/errors/api-error';
import { verifyPassword } from './password';
import type { Principal } from './principal';
import { TokenService } from './token.service';

const principalOf = (u: UserEntity): Principal => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  districtCode: u.districtCode,
  unitCode: u.unitCode,
});

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly tokens: TokenService,
  ) {}

  /** The same answer for an unknown user and a wrong password, so logins can't be used to find usernames. */
  async login(username: string, password: string): Promise<TokenPair> {
    const user = await this.ds.getRepository(UserEntity).findOneBy({ username });
    const ok = user !== null && user.active && (await verifyPassword(user.passwordHash, password));
    if (!ok || !user) throw unauthorized('wrong username or password');
    return this.tokens.issue(principalOf(user), user.tokenVersion);
  }

  /** The user behind a username and password, or null (for HTTP Basic on the admin queue board). */
  async checkCredentials(username: string, password: string): Promise<Principal | null> {
    const user = await this.ds.getRepository(UserEntity).findOneBy({ username: username.slice(0, 50) });
    if (!user || !user.active || !(await verifyPassword(user.passwordHash, password))) return null;
    return principalOf(user);
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const claims = await this.tokens.verifyRefresh(refreshToken);
    if (!claims) throw unauthorized('the refresh token is invalid or expired');
    const user = await this.ds.getRepository(UserEntity).findOneBy({ id: claims.userId });
    if (!user || !user.active || user.tokenVersion !== claims.version) throw unauthorized('the refresh token was revoked');
    return this.tokens.issue(principalOf(user), user.tokenVersion);
  }

  async me(p: Principal): Promise<Me> {
    const user = await this.ds.getRepository(UserEntity).findOneBy({ id: p.id });
    if (!user) throw notFound('user not found');
    return principalOf(user);
  }
}
