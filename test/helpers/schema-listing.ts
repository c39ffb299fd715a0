import type { Knex } from 'knex';

type Row = Record<string, unknown>;

/** Everything the migrations can create in schema public, and the extensions; one sorted list per kind of object. */
export interface SchemaListing {
  relations: Row[];
  columns: Row[];
  indexes: Row[];
  constraints: Row[];
  triggers: Row[];
  functions: Row[];
  types: Row[];
  extensions: Row[];
}

const QUERIES: Record<keyof SchemaListing, string> = {
  // Tables, views, sequences and anything else with a name in pg_class; indexes have their own list.
  relations: `
    select c.relname as name, c.relkind as kind,
           case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid) end as definition
      from pg_class c
     where c.relnamespace = 'public'::regnamespace and c.relkind not in ('i', 'I')
     order by 1`,
  columns: `
    select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type,
           a.attnotnull as not_null, pg_get_expr(d.adbin, d.adrelid) as default, a.attgenerated as generated
      from pg_attribute a
      join pg_class c on c.oid = a.attrelid
      left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
     where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f')
       and a.attnum > 0 and not a.attisdropped
     order by 1, a.attnum`,
  indexes: `
    select tablename as table, indexname as name, indexdef as definition
      from pg_indexes where schemaname = 'public' order by 1, 2`,
  constraints: `
    select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as definition
      from pg_constraint where connamespace = 'public'::regnamespace order by 1, 2`,
  triggers: `
    select tgrelid::regclass::text as table, tgname as name, pg_get_triggerdef(oid) as definition
      from pg_trigger
     where not tgisinternal and tgrelid in (select oid from pg_class where relnamespace = 'public'::regnamespace)
     order by 1, 2`,
  // pg_get_functiondef does not take aggregates.
  functions: `
    select proname as name, pg_get_function_identity_arguments(oid) as arguments,
           case when prokind in ('f', 'p') then pg_get_functiondef(oid) end as definition
      from pg_proc where pronamespace = 'public'::regnamespace order by 1, 2`,
  // Enums, domains, ranges and composite types; not the row types and array types every table has.
  types: `
    select t.typname as name, t.typtype as kind
      from pg_type t left join pg_class c on c.oid = t.typrelid
     where t.typnamespace = 'public'::regnamespace and (t.typrelid = 0 or c.relkind = 'c') and t.typcategory <> 'A'
     order by 1`,
  extensions: `select extname as name, extversion as version from pg_extension order by 1`,
};

const KINDS = Object.keys(QUERIES) as (keyof SchemaListing)[];

export async function listSchema(knex: Knex): Promise<SchemaListing> {
  const listing = {} as SchemaListing;
  for (const kind of KINDS) listing[kind] = ((await knex.raw(QUERIES[kind])) as { rows: Row[] }).rows;
  return listing;
}

const isKnexBookkeeping = (row: Row) => [row.table, row.name].some((n) => typeof n === 'string' && n.startsWith('knex_migrations'));

/** The listing without knex's own knex_migrations and knex_migrations_lock (and their sequences and keys). */
export function withoutKnexBookkeeping(listing: SchemaListing): SchemaListing {
  const kept = {} as SchemaListing;
  for (const kind of KINDS) kept[kind] = listing[kind].filter((row) => !isKnexBookkeeping(row));
  return kept;
}

/** What `actual` has that `expected` lacks, and the reverse, for each kind of object that differs. */
export function schemaDifferences(actual: SchemaListing, expected: SchemaListing): Record<string, { extra: Row[]; missing: Row[] }> {
  const differences: Record<string, { extra: Row[]; missing: Row[] }> = {};
  const key = (row: Row) => JSON.stringify(row);
  for (const kind of KINDS) {
    const [actualKeys, expectedKeys] = [new Set(actual[kind].map(key)), new Set(expected[kind].map(key))];
    const extra = actual[kind].filter((row) => !expectedKeys.has(key(row)));
    const missing = expected[kind].filter((row) => !actualKeys.has(key(row)));
    if (extra.length || missing.length) differences[kind] = { extra, missing };
  }
  return differences;
}
