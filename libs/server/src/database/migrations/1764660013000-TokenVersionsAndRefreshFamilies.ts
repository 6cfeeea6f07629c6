import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #13 items 2–4 (docs/security.md).
 *
 * - `users.token_version` is bumped by the database itself whenever what a token stands for changes (active, role,
 *   片区, unit, password) — by the admin screen, a script or psql alike — unless the statement bumped it already.
 * - Every change of a user's version or active flag is NOTIFYed on `gridops_user_access` (`<id>:<version>:<0|1>`,
 *   `<id>:deleted`), delivered at commit to every api instance, which drops its cached copy and closes the user's
 *   sockets (UserAccessService).
 * - `refresh_families`: one row per sign-in; a refresh token is valid only while it is its family's current one.
 *   Written through SQL by RefreshFamilies (no entity).
 */
export class TokenVersionsAndRefreshFamilies1764660013000 implements MigrationInterface {
  name = 'TokenVersionsAndRefreshFamilies1764660013000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION users_bump_token_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.token_version = OLD.token_version AND (
             NEW.active IS DISTINCT FROM OLD.active OR NEW.role IS DISTINCT FROM OLD.role
          OR NEW.district_code IS DISTINCT FROM OLD.district_code OR NEW.unit_code IS DISTINCT FROM OLD.unit_code
          OR NEW.password_hash IS DISTINCT FROM OLD.password_hash) THEN
          NEW.token_version := OLD.token_version + 1;
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER users_bump_token_version BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION users_bump_token_version()`);
    await queryRunner.query(`
      CREATE FUNCTION users_notify_access() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          PERFORM pg_notify('gridops_user_access', OLD.id || ':deleted');
          RETURN OLD;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.token_version = OLD.token_version AND NEW.active = OLD.active THEN
          RETURN NEW;
        END IF;
        PERFORM pg_notify('gridops_user_access', NEW.id || ':' || NEW.token_version || ':' || CASE WHEN NEW.active THEN '1' ELSE '0' END);
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER users_notify_access AFTER INSERT OR UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION users_notify_access()`);
    await queryRunner.query(`
      CREATE TABLE "refresh_families" (
        "id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "current_jti" uuid NOT NULL,
        "current_issued_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "current_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "previous_jti" uuid,
        "rotated_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        "revoked_reason" character varying(20),
        CONSTRAINT "PK_refresh_families" PRIMARY KEY ("id"),
        CONSTRAINT "FK_refresh_families_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "idx_refresh_families_user" ON "refresh_families" ("user_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "refresh_families"`);
    await queryRunner.query(`DROP TRIGGER users_notify_access ON users`);
    await queryRunner.query(`DROP FUNCTION users_notify_access()`);
    await queryRunner.query(`DROP TRIGGER users_bump_token_version ON users`);
    await queryRunner.query(`DROP FUNCTION users_bump_token_version()`);
  }
}
