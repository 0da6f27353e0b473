// `dfwatch show PLATFORM:ID`: everything known about one model, as text or JSON.
import type { Command } from '@commander-js/extra-typings';
import { openStore, resolveDbPath } from '../db/open.js';
import { parseModelRef } from '../triage/model-ref.js';
import { getModelDetail, type ModelDetail } from '../triage/model-detail.js';
import { archiveFiles, type ArchiveFile } from '../triage/archive-files.js';
import { formatTable, terminalSafe } from './terminal-text.js';

const yesNo = (value: boolean | null) => (value === null ? '?' : value ? 'yes' : 'no');

function renderDetail(detail: ModelDetail): string {
  const { model, classification: c } = detail;
  const lines: string[] = [
    `${terminalSafe(model.name)}  (${terminalSafe(model.ref)})`,
    `url:          ${terminalSafe(model.url)}`,
    `type:         ${terminalSafe(model.type)}    creator: ${terminalSafe(model.creator) || '?'}`,
    `downloads:    ${model.downloads ?? '?'}${model.downloadsAllTime !== null ? ` (all time ${model.downloadsAllTime})` : ''}`,
    `created:      ${model.createdAt ?? '?'}    first seen: ${model.firstSeenAt}    last seen: ${model.lastSeenAt}`,
    `platform:     nsfw ${yesNo(model.nsfw)} (level ${model.nsfwLevel ?? '?'}), poi ${yesNo(model.poi)}, minor ${yesNo(model.minor)}`,
  ];
  if (model.removedAt) lines.push(`removed:      ${model.removedAt} (${terminalSafe(model.removedReason)})`);
  lines.push(`tags:         ${model.tags.map((tag) => terminalSafe(tag)).join(', ')}`, `status:       ${detail.status}`, '');
  if (c) {
    lines.push(
      `classification ${terminalSafe(c.classifierVersion)} (${c.classifiedAt})`,
      `  person target ${yesNo(c.personTarget)} (without poi: ${yesNo(c.personTargetNoPoi)}), score ${c.personScore.toFixed(2)}`,
      `  target ${terminalSafe(c.targetName) || '?'}, ${c.targetGender}, ${c.fame}; sexual ${yesNo(c.sexual)}; ncii ${yesNo(c.ncii)}` +
        `${c.nciiSignals.length ? ` [${c.nciiSignals.map((signal) => terminalSafe(signal)).join(', ')}]` : ''}; minor signal ${yesNo(c.minorSignal)}; base ${c.baseFamily}`,
      '',
      'evidence',
      c.evidence.length
        ? formatTable(
            ['RULE', 'FIELD', 'WEIGHT', 'MATCH'],
            c.evidence.map((item) => [terminalSafe(item.rule), terminalSafe(item.field), Number(item.weight.toFixed(3)), terminalSafe(item.match, 80)]),
          )
        : '  (none)',
    );
  } else lines.push('not classified by the newest classifier version');
  lines.push('', 'versions and files');
  for (const version of detail.versions) {
    lines.push(`  ${terminalSafe(version.name) || '?'} (${terminalSafe(version.platformVersionId)}), base ${terminalSafe(version.baseModel) || '?'}, published ${version.publishedAt ?? '?'}`);
    if (version.trainedWords.length) lines.push(`    trigger words: ${version.trainedWords.map((word) => terminalSafe(word, 60)).join(', ')}`);
    for (const file of version.files) {
      lines.push(`    ${terminalSafe(file.name)}${file.isPrimary ? ' (primary)' : ''}  sha256 ${file.sha256 ?? '?'}  autov2 ${file.autov2 ?? '?'}`);
    }
  }
  lines.push('', 'snapshots');
  lines.push(
    formatTable(
      ['TAKEN', 'RUN', 'DOWNLOADS', 'ALL TIME', 'LIKES'],
      detail.snapshots.map((s) => [s.takenAt, s.runId, s.downloads ?? '', s.downloadsAllTime ?? '', s.likes ?? s.thumbsUp ?? '']),
    ),
  );
  lines.push('', 're-uploads (same file under another model)');
  if (detail.reuploads.length === 0) lines.push('  (none)');
  for (const match of detail.reuploads) {
    lines.push(`  ${terminalSafe(match.ref)}  ${terminalSafe(match.name, 50)}  ${match.matchedOn} ${match.hash}  ${terminalSafe(match.url)}`);
  }
  lines.push('', 'reviews');
  if (detail.reviews.length === 0) lines.push('  (none)');
  for (const review of detail.reviews) {
    lines.push(`  ${review.createdAt}  ${review.decision}  by ${terminalSafe(review.reviewer)}${review.note ? `: ${terminalSafe(review.note)}` : ''}`);
  }
  return lines.join('\n');
}

/** Shown in full up to this many files; the rest are counted (--json has them all). */
const FILES_SHOWN = 20;

function renderArchiveFiles(files: readonly ArchiveFile[]): string {
  if (files.length === 0) return '';
  const flagged = files.filter((file) => file.personTarget === true).length;
  const lines = ['', '', `Archive files: ${files.length} (${flagged} person-targeting)`];
  for (const file of files.slice(0, FILES_SHOWN)) {
    const decision = file.personTarget === null ? 'unclassified' : file.personTarget ? `person-targeting${file.targetName ? ` (${terminalSafe(file.targetName)})` : ''}` : 'not person-targeting';
    const civitai = file.civitaiModelId === null ? '' : `  civitai:${file.civitaiModelId} by ${file.matchedOn}`;
    lines.push(`  ${terminalSafe(file.path)}  ${decision}${civitai}`, `    ${terminalSafe(file.url)}  sha256 ${file.sha256 ?? 'unknown'}`);
  }
  if (files.length > FILES_SHOWN) lines.push(`  … ${files.length - FILES_SHOWN} more (--json lists them all)`);
  return lines.join('\n');
}

export function registerShow(program: Command<[], { db?: string }>): void {
  program
    .command('show')
    .description('Show one model: evidence, versions, files and hashes, snapshots, re-uploads, reviews')
    .argument('<model>', 'PLATFORM:ID, e.g. civitai:12345 or huggingface:owner/name')
    .option('--json', 'print as JSON on stdout')
    .action((modelArgument, options, command) => {
      const ref = parseModelRef(modelArgument);
      const store = openStore({ path: resolveDbPath(command.optsWithGlobals().db), readonly: true });
      try {
        const detail = getModelDetail(store, ref);
        // An archive repo's files, each with its own URL (issue 12).
        const files = archiveFiles(store, detail.model);
        process.stdout.write((options.json ? JSON.stringify({ ...detail, archiveFiles: files }, null, 2) : renderDetail(detail) + renderArchiveFiles(files)) + '\n');
      } finally {
        store.close();
      }
    });
}
