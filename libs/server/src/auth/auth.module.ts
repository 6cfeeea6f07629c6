import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysService } from './api-keys.service';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { RefreshFamilies } from './refresh-families';
import { TokenService } from './token.service';
import { UserAccessService } from './user-access.service';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // a KeyObject made once: given a string, jsonwebtoken builds a new key object on every verify (measured at ~12%
      // of the api's CPU under intake load, docs/benchmarks.md)
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')) as unknown as string,
        signOptions: { issuer: 'gridops', algorithm: 'HS256' },
        verifyOptions: { issuer: 'gridops', algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [TokenService, UserAccessService, RefreshFamilies, AuthService, ApiKeysService, ApiKeyGuard, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenService, UserAccessService, AuthService, ApiKeysService, ApiKeyGuard],
})
export class AuthModule {}
