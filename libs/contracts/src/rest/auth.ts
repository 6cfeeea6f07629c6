import { z } from 'zod';
import type { DistrictCode, Role } from '@gridops/domain';
import { LIMITS } from './common';

export const loginRequestSchema = z.strictObject({
  username: z.string().trim().min(1).max(LIMITS.name),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const refreshRequestSchema = z.strictObject({ refreshToken: z.string().min(1).max(4000) });
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** seconds the access token lives */
  expiresIn: number;
  tokenType: 'Bearer';
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  districtCode: DistrictCode | null;
  unitCode: string | null;
}
