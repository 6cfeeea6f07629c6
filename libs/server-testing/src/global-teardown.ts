import { dropDatabase } from './test-database';
import { TEMPLATE_ENV } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const name = process.env[TEMPLATE_ENV];
  if (!name) return;
  await dropDatabase(name);
}
