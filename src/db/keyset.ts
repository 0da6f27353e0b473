// Keyset paging over a prepared SELECT that takes `@after` (the last id read) and `@limit`: each
// call returns the next batch in id order, an empty batch once done. Cheaper than OFFSET at any
// depth, and stable while the caller writes decisions onto the rows it has read.
import type { Statement } from 'better-sqlite3';

export interface KeysetParameters {
  after: number;
  limit: number;
}

export function keysetBatches<Parameters extends object, Row extends { id: number }>(
  select: Statement<[Parameters & KeysetParameters], Row>,
  parameters: Parameters,
  limit: number,
): () => Row[] {
  let after = 0;
  return () => {
    const rows = select.all({ ...parameters, after, limit });
    const last = rows.at(-1);
    if (last) after = last.id;
    return rows;
  };
}
