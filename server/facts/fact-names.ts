/** The names of the indicator facts and of their database, which the facts' builder and their sync both use. */

/** The indicator facts (queries/facts/<name>.sql), read by inputs.sql as fact_<name>. */
export const FACTS = ['asset', 'product', 'usage_month', 'usage_user', 'scenario_month', 'scenario_user'] as const;
export type Fact = (typeof FACTS)[number];
/** Where each fact was materialised (table names in the cache database). */
export type FactTables = Record<Fact, string>;

/** The cache database, attached to the instance, that holds the indicator facts. */
export const CACHE_SCHEMA = 'atlas_indicator_cache';
