import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A fresh database for one test file, cloned from the migrated template. */
export async function createTestDatabase(): Promise<string> {
  const template = new URL(process.env.MOTCUA_TEST_TEMPLATE_URL!);
  const templateName = template.pathname.slice(1);
  const name = `t_${randomBytes(6).toString('hex')}`;
  await withAdmin(template, (c) => c.query(`create database "${name}" template "${templateName}"`));
  const url = new URL(template);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropTestDatabase(url: string): Promise<void> {
  const target = new URL(url);
  await withAdmin(target, (c) => c.query(`drop database if exists "${target.pathname.slice(1)}" with (force)`));
}

async function withAdmin<T>(url: URL, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
