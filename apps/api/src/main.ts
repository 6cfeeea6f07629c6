import 'reflect-metadata';
import { loadConfig } from '@gridops/server';
import { createApp } from './bootstrap/create-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen({ port: config.PORT, host: config.HOST });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
