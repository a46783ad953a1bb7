import { describe, expect, test } from 'vitest';
import { migrationSql, postgresNames, schemaVersionSql } from '../src/store/postgres-schema';

/** The Postgres store's names and migration script, as `plankit migrate --print` shows them (no database needed). */

describe('postgresNames', () => {
  test('defaults to the public schema and the plankit_ prefix, every name quoted', () => {
    expect(postgresNames()).toEqual({
      schema: '"public"',
      store: '"public"."plankit_store"',
      versions: '"public"."plankit_schema_version"',
      snapshots: '"public"."plankit_snapshots"',
      expiryIndex: '"plankit_store_expires_at"',
      lockKey: 250223975,
    });
    expect(postgresNames({ schema: 'billing', tablePrefix: 'shop_' })).toMatchObject({
      store: '"billing"."shop_store"',
      expiryIndex: '"shop_store_expires_at"',
      lockKey: 592386272,
    });
    expect(postgresNames({ tablePrefix: '' })).toMatchObject({
      store: '"public"."store"',
      lockKey: 2139470465,
    });
  });

  test('the advisory lock key is stable per names (every process agrees) and differs between apps', () => {
    const keys = new Set(
      [{}, { schema: 'a' }, { schema: 'b' }, { tablePrefix: 'a_' }, { schema: 'a', tablePrefix: 'b_' }].map(
        (options) => postgresNames(options).lockKey,
      ),
    );
    expect(keys.size).toBe(5);
    for (const key of keys) {
      expect(Number.isInteger(key) && key >= 0 && key <= 0x7fffffff).toBe(true);
    }
  });

  test('plain identifiers only: lower-case letters, digits and _, starting with a letter or _, up to 40', () => {
    for (const schema of ['a', '_billing', 'shop_2', 'a'.repeat(40), 'z9_']) {
      expect(postgresNames({ schema }).schema).toBe(`"${schema}"`);
    }
    for (const schema of ['', 'Billing', '2shop', '-a', 'a-', 'a b', 'a"b', 'a'.repeat(41), 'é']) {
      expect(() => postgresNames({ schema }), schema).toThrow(RangeError);
    }
    for (const tablePrefix of ['Shop_', 'shop-', 'shop_'.repeat(9)]) {
      expect(() => postgresNames({ tablePrefix }), tablePrefix).toThrow(RangeError);
    }
    expect(() => postgresNames({ schema: 'Bad' })).toThrow(
      'Plankit: the Postgres schema "Bad" must be lower-case letters, digits and _ (up to 40), starting with a letter or _.',
    );
    expect(() => postgresNames({ tablePrefix: 'Bad' })).toThrow(
      /^Plankit: the Postgres table prefix "Bad" must/,
    );
  });
});

describe('migrationSql', () => {
  test('says what it is, takes the lock first, creates a schema only when it is not public', () => {
    const lines = migrationSql().split('\n');
    expect(lines[0]).toBe(
      '-- Plankit store schema, version 1. Safe to run again and from several instances at once.',
    );
    expect(lines[1]).toBe('SELECT pg_advisory_xact_lock(250223975);');
    expect(lines[2]).toBe(
      'CREATE TABLE IF NOT EXISTS "public"."plankit_schema_version" (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());',
    );
    expect(lines).not.toContain('');
    const billing = migrationSql({ schema: 'billing' }).split('\n');
    expect(billing[2]).toBe('CREATE SCHEMA IF NOT EXISTS "billing";');
  });

  test('applies version 1 once: guarded by its row in the versions table, which it then writes', () => {
    const sql = migrationSql();
    expect(sql).toContain(
      'IF NOT EXISTS (SELECT 1 FROM "public"."plankit_schema_version" WHERE version = 1) THEN',
    );
    expect(sql).toContain('INSERT INTO "public"."plankit_schema_version" (version) VALUES (1);');
    expect(sql.match(/\$plankit\$/g)).toHaveLength(2);
    expect(schemaVersionSql(postgresNames())).toBe(
      'SELECT max(version) AS version FROM "public"."plankit_schema_version"',
    );
  });
});
