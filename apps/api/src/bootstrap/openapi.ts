import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type ApiBodyOptions } from '@nestjs/swagger';

type SchemaObject = NonNullable<Extract<ApiBodyOptions, { schema?: unknown }>['schema']>;
import { z } from 'zod';

/** The zod schema of libs/contracts, as the OpenAPI body schema: one source for validation and docs. */
export function jsonSchema(schema: z.ZodType): SchemaObject {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest as SchemaObject;
}

/** Where the docs are served (off in production unless API_DOCS=true, and then for admins only: create-app.ts). */
export const OPENAPI_PATH = '/api/docs';

export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('gridops API')
    .setDescription('长征镇 一网统管 operations console — cases, closed-loop actions, directory. Errors: { error: { code, message, details } }.')
    .setVersion('v1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // SwaggerModule ignores the global prefix (shared/notes): give the full path
  SwaggerModule.setup(OPENAPI_PATH.slice(1), app, document, { jsonDocumentUrl: `${OPENAPI_PATH.slice(1)}/openapi.json` });
}
