// Server-rendered pages. Every value from the store is crawled, untrusted text: it only ever enters
// the page through hono's html`` template, which escapes it; descriptions are shown as text in a
// <pre>, never as HTML. No showcase image is loaded (see the CSP in app.ts); the only script is the
// same-origin keyboard file (assets/console.js), and every action it takes is a plain link or form.
import { html } from 'hono/html';
import {
  FAMES,
  FLAGS,
  GENDERS,
  PLATFORMS,
  REVIEW_STATUSES,
  SORTS,
  flagWords,
  type TriageFilterInput,
  type TriageRow,
} from '../triage/triage.js';
import type { ModelDetail } from '../triage/model-detail.js';
import { formatCount, formatTotal, hasMoreRows, labelOf } from '../triage/labels.js';
import { FILTER_KEYS, filterQuery } from './filter-query.js';

type Html = ReturnType<typeof html>;

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1rem 2rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{font-size:12px;color:#555;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin:1rem 0;align-items:flex-end}
label{display:flex;flex-direction:column;font-size:12px;color:#555}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem;max-height:20rem;overflow:auto}
.flags{font-weight:600;color:#a00}.error{color:#a00;font-weight:600}code{word-break:break-all}
nav{display:flex;gap:1rem;align-items:center;margin-bottom:1rem;border-bottom:1px solid #ddd;padding-bottom:.5rem}nav .who{margin-left:auto;color:#555}
nav form{display:inline}.bar{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;margin:.5rem 0}
.decisions button,.bulk button{margin-right:.5rem}tr.cursor{background:#fff4c2;outline:2px solid #e0b400}
.notice{background:#e8f4e8;border:1px solid #9c9;padding:.4rem .6rem}.keys{font-size:12px;color:#555}kbd{border:1px solid #bbb;border-radius:3px;padding:0 3px;background:#f6f6f6;font-size:11px}
td.evidence{font-size:12px;color:#444;min-width:14rem}td.name{min-width:11rem}td.url{font-size:12px;white-space:nowrap}
.bulk{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:.5rem 0;padding:.5rem;background:#f6f6f6}`;

/** What the page shows of the signed-in browser. */
export interface Viewer {
  csrfToken: string;
  /** Logout and the keyboard script only make sense in a browser session. */
  isSession: boolean;
}

export function layout(title: string, styleNonce: string, body: Html, viewer: Viewer | null = null): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="referrer" content="no-referrer"><title>${title} · dfwatch</title>
<style nonce="${styleNonce}">${STYLE}</style>${viewer?.isSession ? html`<script src="/console.js" defer></script>` : ''}</head>
<body><nav><a href="/">Triage queue</a>${
    viewer?.isSession
      ? html`<span class="who">signed in</span><form method="post" action="/logout"><input type="hidden" name="csrf" value="${viewer.csrfToken}"><button type="submit">Log out</button></form>`
      : ''
  }</nav>${body}</body></html>`;
}

/**
 * Platform links only for the two platforms' own https URLs; anything else is shown as text. The
 * scheme is left out of the link text, which the queue's narrow column shows on one line.
 */
function platformLink(url: string): Html {
  const isPlatformUrl = /^https:\/\/(civitai\.com|huggingface\.co)\//.test(url);
  return isPlatformUrl ? html`<a href="${url}" rel="noreferrer noopener">${url.slice('https://'.length)}</a>` : html`<code>${url}</code>`;
}

/** The model page, keeping the queue's filters so "next" follows the same queue. */
export function modelHref(ref: string, filters: TriageFilterInput = {}): string {
  const query = filterQuery(filters);
  return `/model?ref=${encodeURIComponent(ref)}${query ? `&${query}` : ''}`;
}

export function queueHref(filters: TriageFilterInput): string {
  const query = filterQuery(filters);
  return query ? `/?${query}` : '/';
}

function select(name: string, choices: readonly string[], value: string | number | undefined, blank: string | null): Html {
  return html`<select name="${name}">
    ${blank === null ? '' : html`<option value="">${blank}</option>`}
    ${choices.map((choice) => html`<option value="${choice}"${choice === value ? html` selected` : ''}>${labelOf(choice)}</option>`)}
  </select>`;
}

function input(name: string, value: string | number | undefined, type = 'text'): Html {
  return html`<input type="${type}" name="${name}" value="${value ?? ''}">`;
}

/** The queue's filters as hidden fields, so a POST can send the analyst back to the same queue. */
function filterFields(filters: TriageFilterInput): Html {
  return html`${FILTER_KEYS.filter((key) => filters[key] !== undefined && filters[key] !== '').map(
    (key) => html`<input type="hidden" name="${key}" value="${filters[key]}">`,
  )}`;
}

function undoForm(csrfToken: string, filters: TriageFilterInput, canUndo: boolean): Html {
  if (!canUndo) return html``;
  return html`<form id="undo" method="post" action="/undo"><input type="hidden" name="csrf" value="${csrfToken}">${filterFields(filters)}
<button type="submit">Undo last decision <kbd>u</kbd></button></form>`;
}

function reviewerField(reviewer: string): Html {
  return html`<label>reviewer <input name="reviewer" value="${reviewer}" required maxlength="100"></label>`;
}

export interface QueuePageInput {
  filters: TriageFilterInput;
  rows: TriageRow[];
  total: number;
  page: number;
  limit: number;
  classifierVersion: string | null;
  error: string | null;
  notice: string | null;
  csrfToken: string;
  reviewer: string;
  canUndo: boolean;
}

const DECISION_KEYS: Record<string, string> = { confirmed: 'c', false_positive: 'f', skip: 's' };

export function queuePage(view: QueuePageInput): Html {
  const { filters, rows, total, page, limit, classifierVersion, error, notice, csrfToken } = view;
  const since = typeof filters.since === 'string' ? filters.since.slice(0, 10) : undefined;
  const first = (page - 1) * limit + 1;
  const last = first + rows.length - 1;
  // Exports take every page, so the paging keys stay out of their links.
  const exportQuery = filterQuery({ ...filters, page: undefined, limit: undefined });
  const exportHref = (format: string) => `/export?format=${format}${exportQuery ? `&${exportQuery}` : ''}`;
  return html`<h1>Triage queue</h1>
<form class="filters" method="get" action="/">
  <label>platform ${select('platform', PLATFORMS, filters.platform, 'Any')}</label>
  <label>flag ${select('flag', FLAGS, filters.flag ?? 'person', null)}</label>
  <label>first seen since ${input('since', since, 'date')}</label>
  <label>lifetime downloads gained ≥ ${input('grown', filters.grown, 'number')}</label>
  <label>lifetime downloads ≥ ${input('minDownloads', filters.minDownloads, 'number')}</label>
  <label>gender ${select('gender', GENDERS, filters.gender, 'Any')}</label>
  <label>fame ${select('fame', FAMES, filters.fame, 'Any')}</label>
  <label>base ${input('base', filters.base)}</label>
  <label>creator ${input('creator', filters.creator)}</label>
  <label>target ${input('target', filters.target)}</label>
  <label>status ${select('status', REVIEW_STATUSES, filters.status, 'Any')}</label>
  <label>sort ${select('sort', SORTS, filters.sort ?? 'downloads', null)}</label>
  <label>per page ${input('limit', filters.limit ?? 50, 'number')}</label>
  <button type="submit">Filter</button>
</form>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${classifierVersion === null && !error ? html`<p>Nothing classified yet: run <code>dfwatch classify</code>.</p>` : ''}
${
  classifierVersion
    ? html`<div class="bar"><strong id="count">${rows.length === 0 ? `0 of ${formatTotal(total)}` : `${formatCount(first)}–${formatCount(last)} of ${formatTotal(total)}`}</strong>
  ${page > 1 ? html`<a rel="prev" href="${queueHref({ ...filters, page: page - 1 })}">← Previous <kbd>[</kbd></a>` : ''}
  ${hasMoreRows(total, last, rows.length === limit) ? html`<a rel="next" href="${queueHref({ ...filters, page: page + 1 })}">Next <kbd>]</kbd> →</a>` : ''}
  <span>Export this filter (all pages): <a id="export-csv" href="${exportHref('csv')}">CSV</a> · <a href="${exportHref('jsonl')}">JSONL</a> ·
  <a href="${exportHref('hma-url')}">HMA URL signals</a> · <a href="${exportHref('sha256')}">SHA256 list</a></span>
  <span>classifier ${classifierVersion}</span></div>`
    : ''
}
<form id="bulk" class="bulk" method="post" action="/bulk"><input type="hidden" name="csrf" value="${csrfToken}">${filterFields(filters)}
  ${reviewerField(view.reviewer)}
  <label>note for the selected rows <textarea name="note" rows="1" cols="40" maxlength="2000"></textarea></label>
  <span>Selected rows: ${(['confirmed', 'false_positive', 'escalated', 'reported', 'unreviewed'] as const).map(
    (decision) => html`<button type="submit" name="decision" value="${decision}">${decision === 'unreviewed' ? 'Set back to unreviewed' : labelOf(decision)}${DECISION_KEYS[decision] ? html` <kbd>${DECISION_KEYS[decision]}</kbd>` : ''}</button>`,
  )}</span>
</form>
${undoForm(csrfToken, filters, view.canUndo)}
<p class="keys"><kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open · <kbd>x</kbd> select · <kbd>c</kbd>/<kbd>f</kbd> decide the selected rows · <kbd>n</kbd> note · <kbd>u</kbd> undo · <kbd>/</kbd> filters · <kbd>e</kbd> export CSV · <kbd>[</kbd>/<kbd>]</kbd> pages</p>
<table id="queue">
<thead><tr><th></th><th>Name</th><th>Platform</th><th class="n">Lifetime downloads</th><th class="n">Gained (lifetime)</th><th class="n">Last 30 days</th><th>Flags</th><th>Target</th><th>Status</th><th>Evidence</th><th>URL</th></tr></thead>
<tbody>
${rows.map(
  (row) => html`<tr data-ref="${row.ref}">
  <td><input type="checkbox" class="pick" name="ref" value="${row.ref}" form="bulk" aria-label="select"></td>
  <td class="name"><a class="open" href="${modelHref(row.ref, filters)}">${row.name}</a></td><td>${row.platform === 'civitai' ? 'Civitai' : 'Hugging Face'}</td>
  <td class="n">${formatCount(row.downloadsLifetime)}</td><td class="n">${formatCount(row.growth, { isSigned: true })}</td><td class="n">${formatCount(row.downloads30d)}</td>
  <td class="flags">${flagWords(row).join(', ')}</td><td>${row.targetName ?? ''}</td><td class="status">${labelOf(row.status)}</td>
  <td class="evidence">${row.evidence}</td><td class="url">${platformLink(row.url)}</td></tr>`,
)}
</tbody></table>`;
}

const yesNo = (value: boolean | null) => (value === null ? '?' : value ? 'yes' : 'no');

export interface ModelPageInput {
  detail: ModelDetail;
  filters: TriageFilterInput;
  csrfToken: string;
  reviewer: string;
  notice: string | null;
  /** Where this model sits in the queue of `filters`, or null when it is not in it. */
  position: { index: number; total: number; nextRef: string | null; nextPage: number } | null;
  canUndo: boolean;
}

export function modelPage(view: ModelPageInput): Html {
  const { detail, filters, csrfToken, notice, position } = view;
  const { model, classification: c } = detail;
  const lifetime = model.platform === 'huggingface' ? model.downloadsAllTime : model.downloads;
  const thirtyDays = model.platform === 'huggingface' ? model.downloads : null;
  return html`<p><a id="back" href="${queueHref(filters)}">← Back to the queue <kbd>b</kbd></a>${
    position ? html` · model ${formatCount(position.index + 1)} of ${formatTotal(position.total)} in this queue` : ''
  }</p>
<h1 id="model-name">${model.name}</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<p><code>${model.ref}</code> · ${platformLink(model.url)} · status <strong id="status">${labelOf(detail.status)}</strong></p>

<form id="decide" method="post" action="/review" class="decisions">
  <input type="hidden" name="csrf" value="${csrfToken}">
  <input type="hidden" name="ref" value="${model.ref}">
  ${position?.nextRef ? html`<input type="hidden" name="next" value="${position.nextRef}"><input type="hidden" name="nextPage" value="${position.nextPage}">` : ''}
  ${filterFields({ ...filters, page: undefined })}
  <div class="bar">${reviewerField(view.reviewer)}
  <label>note <textarea name="note" rows="2" cols="60" maxlength="2000"></textarea></label></div>
  <p>${(['confirmed', 'false_positive', 'skip', 'escalated', 'reported', 'unreviewed'] as const).map(
    (decision) =>
      html`<button type="submit" name="decision" value="${decision}">${decision === 'unreviewed' ? 'Set back to unreviewed' : labelOf(decision)}${DECISION_KEYS[decision] ? html` <kbd>${DECISION_KEYS[decision]}</kbd>` : ''}</button>`,
  )}</p>
  <p class="keys">After a decision (or <kbd>s</kbd> skip, which records nothing) the next model in the queue opens. <kbd>n</kbd> note · <kbd>Esc</kbd> leave the note.</p>
</form>
${undoForm(csrfToken, filters, view.canUndo)}
<table id="reviews"><thead><tr><th>When</th><th>Decision</th><th>Reviewer</th><th>Note</th></tr></thead><tbody>
${detail.reviews.map(
  (review) =>
    html`<tr><td>${review.createdAt}</td><td>${labelOf(review.decision)}${review.undoesReviewId !== null ? ' (undo)' : ''}</td><td>${review.reviewer}</td><td>${review.note ?? ''}</td></tr>`,
)}
</tbody></table>

<table>
<tr><th>Type</th><td>${model.type}</td><th>Creator</th><td>${model.creator ?? '?'}</td></tr>
<tr><th>Lifetime downloads</th><td>${lifetime === null ? '?' : formatCount(lifetime)}</td>
  <th>Last 30 days</th><td>${model.platform === 'huggingface' ? (thirtyDays === null ? '?' : formatCount(thirtyDays)) : 'not given by Civitai'}</td></tr>
<tr><th>Created</th><td>${model.createdAt ?? '?'}</td><th>First seen</th><td>${model.firstSeenAt}</td></tr>
<tr><th>Last seen</th><td>${model.lastSeenAt}</td><th>Removed</th><td>${model.removedAt ? `${model.removedAt} (${model.removedReason ?? '?'})` : 'no'}</td></tr>
<tr><th>Platform flags</th><td colspan="3">nsfw ${yesNo(model.nsfw)} (level ${model.nsfwLevel ?? '?'}), poi ${yesNo(model.poi)}, minor ${yesNo(model.minor)}</td></tr>
<tr><th>Tags</th><td colspan="3">${model.tags.join(', ')}</td></tr>
</table>

<h2>Classification</h2>
${c
  ? html`<p>classifier ${c.classifierVersion} (${c.classifiedAt}) · person target <strong>${yesNo(c.personTarget)}</strong>
 (without poi ${yesNo(c.personTargetNoPoi)}), score ${c.personScore.toFixed(2)} · target <strong id="target">${c.targetName ?? '?'}</strong>,
 ${labelOf(c.targetGender)}, ${labelOf(c.fame)} · sexual ${yesNo(c.sexual)} · NCII <strong>${yesNo(c.ncii)}</strong>${c.nciiSignals.length ? ` (${c.nciiSignals.join(', ')})` : ''}
 · minor signal ${yesNo(c.minorSignal)} · base ${c.baseFamily}</p>
<table id="evidence"><thead><tr><th>Rule</th><th>Field</th><th>Match</th><th class="n">Weight</th></tr></thead><tbody>
${c.evidence.map((item) => html`<tr><td>${item.rule}</td><td>${item.field}</td><td>${item.match}</td><td class="n">${item.weight}</td></tr>`)}
</tbody></table>`
  : html`<p>Not classified by the newest classifier version.</p>`}

<h2>Description</h2>
<pre id="description">${model.description ?? ''}</pre>

<h2>Versions and files</h2>
${detail.versions.map(
  (version) => html`<h3>${version.name ?? '?'} <small>${version.platformVersionId} · ${version.baseModel ?? '?'} · ${version.publishedAt ?? '?'}</small></h3>
${version.trainedWords.length ? html`<p>trigger words: ${version.trainedWords.join(', ')}</p>` : ''}
<table><thead><tr><th>File</th><th>SHA256</th><th>AutoV2</th><th class="n">Bytes</th></tr></thead><tbody>
${version.files.map((file) => html`<tr><td>${file.name}${file.isPrimary ? ' (primary)' : ''}</td><td><code>${file.sha256 ?? '?'}</code></td><td><code>${file.autov2 ?? '?'}</code></td><td class="n">${formatCount(file.sizeBytes)}</td></tr>`)}
</tbody></table>`,
)}

<h2>Snapshots</h2>
<table id="snapshots"><thead><tr><th>Taken</th><th>Run</th><th class="n">${model.platform === 'huggingface' ? 'Last 30 days' : 'Lifetime downloads'}</th><th class="n">${model.platform === 'huggingface' ? 'Lifetime downloads' : ''}</th><th class="n">Likes</th></tr></thead><tbody>
${detail.snapshots.map((s) => html`<tr><td>${s.takenAt}</td><td>${s.runId}</td><td class="n">${formatCount(s.downloads)}</td><td class="n">${formatCount(s.downloadsAllTime)}</td><td class="n">${formatCount(s.likes ?? s.thumbsUp)}</td></tr>`)}
</tbody></table>

<h2>Re-uploads</h2>
${detail.reuploads.length === 0 ? html`<p>None found.</p>` : ''}
<ul id="reuploads">${detail.reuploads.map((match) => html`<li><a href="${modelHref(match.ref)}">${match.ref}</a> ${match.name} · ${match.matchedOn} <code>${match.hash}</code></li>`)}</ul>`;
}

export interface LoginPageInput {
  /** Why the visitor is here (a used link, an expired session…), or null. */
  message: string | null;
  /** How to get a new one-time link from the running console. */
  newLinkHint: string;
}

export function loginPage({ message, newLinkHint }: LoginPageInput): Html {
  return html`<h1>dfwatch console</h1>
${message ? html`<p class="error" role="alert">${message}</p>` : ''}
<p>Each sign-in link works once. For a new one, ${newLinkHint}. Or sign in here with the console token
(<code>$DFWATCH_TOKEN</code>, or the file given to <code>--token-file</code>).</p>
<form method="post" action="/login"><label>token <input type="password" name="token" autocomplete="off" required></label>
<button type="submit">Sign in</button></form>`;
}

export function errorPage(message: string): Html {
  return html`<h1>Error</h1><p class="error" role="alert">${message}</p>`;
}
