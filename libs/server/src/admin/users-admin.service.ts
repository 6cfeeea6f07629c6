import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { userBindingProblem, type ManagedUserView, type UpdateUserRequest, type createUserSchema } from '@gridops/contracts';
import type { Actor } from '@gridops/domain';
import type { z } from 'zod';
import { hashPassword } from '../auth/password';
import { UserAccessService } from '../auth/user-access.service';
import { DirectoryService, userView } from '../directory/directory.service';
import { UserEntity } from '../directory/user.entity';
import { badRequest, conflict, notFound, unprocessable } from '../platform/errors/api-error';
import { MARK_RETURNS_OF_SQL } from '../stats/kpi-rollup-sql';

type CreateUser = z.output<typeof createUserSchema>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const managedUserView = (u: UserEntity): ManagedUserView => ({ ...userView(u), phone: u.phone, createdAt: u.createdAt.toISOString() });

/**
 * Users and roles (admin). Passwords are stored as argon2id hashes only. A change to what a person may do (role,
 * 片区, unit, active) or a new password bumps their token version — the database does it (a trigger, migration
 * 1764660013000) — which ends every token they hold at once on every api instance, and closes their live sockets
 * (UserAccessService, docs/security.md).
 */
@Injectable()
export class UsersAdminService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly directory: DirectoryService,
    private readonly access: UserAccessService,
  ) {}

  async get(id: string): Promise<ManagedUserView> {
    return managedUserView(await this.load(id));
  }

  async create(body: CreateUser): Promise<ManagedUserView> {
    if (body.unitCode && !(await this.directory.unitExists(body.unitCode))) throw unprocessable('UNKNOWN_UNIT', `unknown unit ${body.unitCode}`);
    const repo = this.ds.getRepository(UserEntity);
    if (await repo.existsBy({ username: body.username })) throw conflict(`the username ${body.username} is taken`);
    const passwordHash = await hashPassword(body.password);
    try {
      const saved = await repo.save(
        repo.create({
          username: body.username,
          displayName: body.displayName,
          role: body.role,
          districtCode: body.districtCode,
          unitCode: body.unitCode,
          phone: body.phone,
          passwordHash,
          active: true,
        }),
      );
      return managedUserView(await repo.findOneByOrFail({ id: saved.id }));
    } catch (err) {
      // two admins creating the same name at once: the unique index decides
      if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505') throw conflict(`the username ${body.username} is taken`);
      throw err;
    }
  }

  async update(id: string, patch: UpdateUserRequest, actor: Actor): Promise<ManagedUserView> {
    const current = await this.load(id);
    if (id === actor.userId) {
      if (patch.active === false) throw unprocessable('SELF_LOCKOUT', 'you cannot deactivate your own account');
      if (patch.role !== undefined && patch.role !== current.role) throw unprocessable('SELF_LOCKOUT', 'you cannot change your own role');
    }
    const role = patch.role ?? current.role;
    const districtCode = patch.districtCode !== undefined ? patch.districtCode : current.districtCode;
    const unitCode = patch.unitCode !== undefined ? patch.unitCode : current.unitCode;
    const problem = userBindingProblem(role, districtCode, unitCode);
    if (problem) throw badRequest(problem, [{ path: 'role', message: problem }]);
    if (patch.unitCode && !(await this.directory.unitExists(patch.unitCode))) throw unprocessable('UNKNOWN_UNIT', `unknown unit ${patch.unitCode}`);

    const changes: Partial<UserEntity> = { role, districtCode, unitCode };
    if (patch.displayName !== undefined) changes.displayName = patch.displayName;
    if (patch.phone !== undefined) changes.phone = patch.phone;
    if (patch.active !== undefined) changes.active = patch.active;
    if (patch.password !== undefined) changes.passwordHash = await hashPassword(patch.password);
    // the token version follows in the same statement (trigger users_bump_token_version), and its NOTIFY at commit
    await this.ds.transaction(async (m) => {
      await m.createQueryBuilder().update(UserEntity).set(changes).where('id = :id', { id }).execute();
      // the KPI rollups charge a return to its requester's unit: theirs move with them, as a direct count would
      if (unitCode !== current.unitCode) await m.query(MARK_RETURNS_OF_SQL, [id]);
    });
    // this instance stops trusting its copy now rather than when its own NOTIFY arrives
    this.access.forget(id);
    return managedUserView(await this.ds.getRepository(UserEntity).findOneByOrFail({ id }));
  }

  private async load(id: string): Promise<UserEntity> {
    const found = UUID.test(id) ? await this.ds.getRepository(UserEntity).findOneBy({ id }) : null;
    if (!found) throw notFound('user not found');
    return found;
  }
}
