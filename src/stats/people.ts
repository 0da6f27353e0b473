// How concentrated the making is among creators: the top creators' shares (src/db/people-queries.ts)
// with the models that have no creator recorded beside them.
import { queryConcentrationShares, queryModelsWithoutCreator } from '../db/people-queries.js';
import type { QueryContext } from '../db/stats-sql.js';
import type { ConcentrationRow } from './types.js';

export function queryConcentration(context: QueryContext): ConcentrationRow[] {
  const rows = queryConcentrationShares(context);
  const missing = new Map(queryModelsWithoutCreator(context).map((row) => [`${row.scope}/${row.population}`, row.models]));
  return rows.map((row) => ({ ...row, modelsWithoutCreator: missing.get(`${row.scope}/${row.population}`) ?? 0 }));
}
