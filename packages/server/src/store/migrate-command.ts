import { parseArgs } from 'node:util';
import { migrationSql, type PostgresSchemaOptions } from './postgres-schema';
import { migratePostgres, type PostgresClient } from './postgres-store';

/** What the command prints and the process exit code: 0 done, 1 the migration failed, 2 usage problem. */
export interface MigrateResult {
  code: 0 | 1 | 2;
  output: string;
}

export const migrateUsage = `Usage: plankit migrate [options]

Creates or updates the tables of the Postgres store (@plankit/server/postgres). Safe to run again, and from
several instances at once (it holds an advisory lock). Needs the \`pg\` package.

Options:
  --postgres-url <url>    the database (default: POSTGRES_URL, else DATABASE_URL)
  --schema <name>         the Postgres schema, as createPostgresStore's \`schema\` (default: public)
  --table-prefix <text>   as createPostgresStore's \`tablePrefix\` (default: plankit_)
  --print                 print the SQL instead of running it (for a DBA or a migration tool)
  -h, --help              show this help`;

/** Connects with node-postgres (an optional peer dependency, loaded only here), migrates, disconnects. */
async function migrateWithPg(url: string, schema: PostgresSchemaOptions): Promise<void> {
  let pg: typeof import('pg').default;
  try {
    pg = (await import('pg')).default;
  } catch {
    throw new Error('the `pg` package is not installed: npm install pg');
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await migratePostgres(client as PostgresClient, schema);
  } finally {
    await client.end();
  }
}

/** Runs `plankit migrate` with the arguments after the command name. */
export async function migrateCommand(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<MigrateResult> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (error) {
    return {
      code: 2,
      output: `${error instanceof Error ? error.message : String(error)}\n\n${migrateUsage}`,
    };
  }
  if (values.help) return { code: 0, output: migrateUsage };
  const schema: PostgresSchemaOptions = {
    ...(values.schema !== undefined ? { schema: values.schema } : {}),
    ...(values['table-prefix'] !== undefined ? { tablePrefix: values['table-prefix'] } : {}),
  };
  let sql: string;
  try {
    sql = migrationSql(schema);
  } catch (error) {
    return { code: 2, output: error instanceof Error ? error.message : String(error) };
  }
  if (values.print) return { code: 0, output: sql };
  const url = values['postgres-url'] ?? env.POSTGRES_URL ?? env.DATABASE_URL;
  if (!url) {
    return { code: 2, output: 'No database: pass --postgres-url or set POSTGRES_URL (or DATABASE_URL).' };
  }
  try {
    await migrateWithPg(url, schema);
  } catch (error) {
    return {
      code: 1,
      output: `The migration failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  // Never echo the URL: it usually carries the password.
  return { code: 0, output: 'The Plankit store schema is up to date.' };
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      'postgres-url': { type: 'string' },
      schema: { type: 'string' },
      'table-prefix': { type: 'string' },
      print: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
