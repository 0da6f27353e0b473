// The store side of `dfwatch link`: which target names still need a Wikidata lookup, saving each
// outcome as it comes (so an interrupted run resumes where it stopped), and "top targets" merged by
// person — one person's names in every script share a QID (view target_identities, migration 0012).
import type { Store } from './open.js';

/** A name as "top targets" groups names: SQLite's lower(trim(name)). */
const NAME_KEY = 'lower(trim(c.target_name))';

export interface NameToLink {
  nameKey: string;
  name: string;
  models: number;
}

export interface NamesToLinkOptions {
  classifierVersion: string;
  limit: number;
  /** Names looked up before this ISO time are looked up again; null: never again. */
  staleBefore: string | null;
}

/** Target names of person-targeting models not yet looked up (or looked up too long ago), most models first. */
export function namesToLink(store: Store, options: NamesToLinkOptions): NameToLink[] {
  return store.sqlite
    .prepare(
      `SELECT ${NAME_KEY} AS nameKey, min(trim(c.target_name)) AS name, count(*) AS models
       FROM classifications c
       WHERE c.classifier_version = @version AND (c.person_target = 1 OR c.person_target_no_poi = 1)
         AND c.target_name IS NOT NULL AND trim(c.target_name) <> ''
         AND NOT EXISTS (
           SELECT 1 FROM target_links l WHERE l.name_key = ${NAME_KEY}
             AND (@staleBefore IS NULL OR l.looked_up_at >= @staleBefore)
         )
       GROUP BY ${NAME_KEY}
       ORDER BY models DESC, nameKey
       LIMIT @limit`,
    )
    .all({ version: options.classifierVersion, staleBefore: options.staleBefore, limit: options.limit }) as NameToLink[];
}

export interface LinkedPersonRow {
  qid: string;
  label: string | null;
  gender: string | null;
  sexOrGender: string[];
  occupations: string[];
  sitelinks: number;
  fame: string | null;
  fameTier: string;
}

export interface TargetLinkRow {
  nameKey: string;
  name: string;
  status: 'linked' | 'no_match' | 'not_human';
  person: LinkedPersonRow | null;
  lookedUpAt: string;
}

/** Saves one lookup (and its person) in one transaction; a later lookup of the name replaces it. */
export function saveTargetLink(store: Store, link: TargetLinkRow): void {
  const savePerson = store.sqlite.prepare(
    `INSERT INTO wikidata_people (qid, label, gender, sex_or_gender, occupations, sitelinks, fame, fame_tier, fetched_at)
     VALUES (@qid, @label, @gender, @sexOrGender, @occupations, @sitelinks, @fame, @fameTier, @fetchedAt)
     ON CONFLICT (qid) DO UPDATE SET label = excluded.label, gender = excluded.gender, sex_or_gender = excluded.sex_or_gender,
       occupations = excluded.occupations, sitelinks = excluded.sitelinks, fame = excluded.fame, fame_tier = excluded.fame_tier,
       fetched_at = excluded.fetched_at`,
  );
  const saveLink = store.sqlite.prepare(
    `INSERT INTO target_links (name_key, name, qid, status, looked_up_at) VALUES (@nameKey, @name, @qid, @status, @lookedUpAt)
     ON CONFLICT (name_key) DO UPDATE SET name = excluded.name, qid = excluded.qid, status = excluded.status, looked_up_at = excluded.looked_up_at`,
  );
  store.sqlite.transaction(() => {
    const person = link.person;
    if (person) {
      savePerson.run({ ...person, sexOrGender: JSON.stringify(person.sexOrGender), occupations: JSON.stringify(person.occupations), fetchedAt: link.lookedUpAt });
    }
    saveLink.run({ nameKey: link.nameKey, name: link.name, qid: person?.qid ?? null, status: link.status, lookedUpAt: link.lookedUpAt });
  })();
}

/** Whether this database has the link tables (a read-only open of an older file does not migrate it). */
export function hasTargetLinks(store: Store): boolean {
  return store.sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'view' AND name = 'target_identities'`).get() !== undefined;
}

export interface LinkedTargetRow {
  rank: number;
  /** The QID, or the name key for a name not linked to anyone. */
  identity: string;
  qid: string | null;
  /** Wikidata's label for a linked person, else the name. */
  target: string;
  /** Every name the models use for this person, e.g. "kim da-hyun, 김다현". */
  names: string;
  models: number;
  /** Wikidata's P21 where linked, else the classifier's (or "mixed"). */
  gender: string;
  fameTier: string | null;
}

/**
 * "Top targets" with one row per person: names linked to the same QID are merged, names not linked
 * stay as they are. For the report (src/stats owns it): call this, or join the view
 * target_identities on name_key = lower(trim(target_name)) and group by coalesce(qid, name_key).
 */
export function queryLinkedTargets(store: Store, options: { classifierVersion: string; limit: number }): LinkedTargetRow[] {
  return store.sqlite
    .prepare(
      `WITH named AS (
         SELECT trim(c.target_name) AS name, ${NAME_KEY} AS name_key, c.target_gender
         FROM classifications c
         WHERE c.classifier_version = @version AND c.person_target = 1 AND c.target_name IS NOT NULL AND trim(c.target_name) <> ''
       ),
       grouped AS (
         SELECT coalesce(ti.qid, n.name_key) AS identity, ti.qid, coalesce(ti.label, min(n.name)) AS target,
           group_concat(DISTINCT n.name_key) AS names, count(*) AS models,
           coalesce(ti.gender, CASE WHEN count(DISTINCT n.target_gender) = 1 THEN min(n.target_gender) ELSE 'mixed' END) AS gender,
           ti.fame_tier AS fameTier
         FROM named n LEFT JOIN target_identities ti ON ti.name_key = n.name_key
         GROUP BY coalesce(ti.qid, n.name_key)
       )
       SELECT row_number() OVER (ORDER BY models DESC, identity) AS rank, identity, qid, target, names, models, gender, fameTier
       FROM grouped ORDER BY rank LIMIT @limit`,
    )
    .all({ version: options.classifierVersion, limit: options.limit }) as LinkedTargetRow[];
}
