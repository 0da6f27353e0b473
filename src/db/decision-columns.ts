// A classifier decision as a query reads it back from `classifications` or `hub_variants`: flags as
// 0/1, text as stored. Rows that carry a decision (export rows, variant rows) extend it.
export interface StoredDecisionColumns {
  personTarget: number | null;
  personTargetNoPoi: number | null;
  targetName: string | null;
  targetGender: string | null;
  fame: string | null;
  sexual: number | null;
  ncii: number | null;
  minorSignal: number | null;
  baseFamily: string | null;
}
