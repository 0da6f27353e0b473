// Server-rendered pages. Every value from the store is crawled, untrusted text: it only ever enters
// the page through hono's html`` template, which escapes it; descriptions are shown as text in a
// <pre>, never as HTML. No script runs and no showcase image is loaded (see the CSP in app.ts).
import { html } from 'hono/html';
import {
  FAMES,
  FLAGS,
  GENDERS,
  PLATFORMS,
  REVIEW_DECISIONS,
  REVIEW_STATUSES,
  SORTS,
  flagWords,
  type TriageFilterInput,
  type TriageRow,
} from '../triage/triage.js';
import type { ModelDetail } from '../triage/model-detail.js';

type Html = ReturnType<typeof html>;

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1rem 2rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin:1rem 0}
label{display:flex;flex-direction:column;font-size:12px;color:#555}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem;max-height:20rem;overflow:auto}
.flags{font-weight:600;color:#a00}.error{color:#a00;font-weight:600}nav{margin-bottom:1rem}code{word-break:break-all}
.decisions button{margin-right:.5rem}`;

export function layout(title: string, styleNonce: string, body: Html): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="referrer" content="no-referrer"><title>${title} · dfwatch</title>
<style nonce="${styleNonce}">${STYLE}</style></head>
<body><nav><a href="/">Triage queue</a></nav>${body}</body></html>`;
}

/** Platform links only for the two platforms' own https URLs; anything else is shown as text. */
function platformLink(url: string): Html {
  const isPlatformUrl = /^https:\/\/(civitai\.com|huggingface\.co)\//.test(url);
  return isPlatformUrl ? html`<a href="${url}" rel="noreferrer noopener">${url}</a>` : html`<code>${url}</code>`;
}

export function modelHref(ref: string): string {
  return `/model?ref=${encodeURIComponent(ref)}`;
}

function select(name: string, choices: readonly string[], value: string | number | undefined, blank: string | null): Html {
  return html`<select name="${name}">
    ${blank === null ? '' : html`<option value="">${blank}</option>`}
    ${choices.map((choice) => html`<option value="${choice}"${choice === value ? html` selected` : ''}>${choice}</option>`)}
  </select>`;
}

function input(name: string, value: string | number | undefined, type = 'text'): Html {
  return html`<input type="${type}" name="${name}" value="${value ?? ''}">`;
}

export interface QueuePageInput {
  filters: TriageFilterInput;
  rows: TriageRow[];
  classifierVersion: string | null;
  error: string | null;
}

export function queuePage({ filters, rows, classifierVersion, error }: QueuePageInput): Html {
  const since = typeof filters.since === 'string' ? filters.since.slice(0, 10) : undefined;
  return html`<h1>Triage queue</h1>
<form class="filters" method="get" action="/">
  <label>platform ${select('platform', PLATFORMS, filters.platform, 'any')}</label>
  <label>flag ${select('flag', FLAGS, filters.flag ?? 'person', null)}</label>
  <label>first seen since ${input('since', since, 'date')}</label>
  <label>grown by ≥ ${input('grown', filters.grown, 'number')}</label>
  <label>downloads ≥ ${input('minDownloads', filters.minDownloads, 'number')}</label>
  <label>gender ${select('gender', GENDERS, filters.gender, 'any')}</label>
  <label>fame ${select('fame', FAMES, filters.fame, 'any')}</label>
  <label>base ${input('base', filters.base)}</label>
  <label>creator ${input('creator', filters.creator)}</label>
  <label>target ${input('target', filters.target)}</label>
  <label>status ${select('status', REVIEW_STATUSES, filters.status, 'any')}</label>
  <label>sort ${select('sort', SORTS, filters.sort ?? 'downloads', null)}</label>
  <label>limit ${input('limit', filters.limit ?? 50, 'number')}</label>
  <button type="submit">Filter</button>
</form>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
${classifierVersion === null && !error ? html`<p>Nothing classified yet: run <code>dfwatch classify</code>.</p>` : ''}
${classifierVersion ? html`<p>${rows.length} models · classifier ${classifierVersion}</p>` : ''}
<table id="queue">
<thead><tr><th>Name</th><th>Platform</th><th>Downloads</th><th>Growth</th><th>Flags</th><th>Target</th><th>Status</th><th>Evidence</th><th>URL</th></tr></thead>
<tbody>
${rows.map(
  (row) => html`<tr data-ref="${row.ref}">
  <td><a href="${modelHref(row.ref)}">${row.name}</a></td><td>${row.platform}</td>
  <td class="n">${row.downloads ?? ''}</td><td class="n">${row.growth ?? ''}</td>
  <td class="flags">${flagWords(row).join(' ')}</td><td>${row.targetName ?? ''}</td><td>${row.status}</td>
  <td>${row.evidence}</td><td>${platformLink(row.url)}</td></tr>`,
)}
</tbody></table>`;
}

const yesNo = (value: boolean | null) => (value === null ? '?' : value ? 'yes' : 'no');

export interface ModelPageInput {
  detail: ModelDetail;
  csrfToken: string;
  defaultReviewer: string;
  notice: string | null;
}

export function modelPage({ detail, csrfToken, defaultReviewer, notice }: ModelPageInput): Html {
  const { model, classification: c } = detail;
  return html`<h1 id="model-name">${model.name}</h1>
${notice ? html`<p role="status">${notice}</p>` : ''}
<p><code>${model.ref}</code> · ${platformLink(model.url)} · status <strong id="status">${detail.status}</strong></p>
<table>
<tr><th>Type</th><td>${model.type}</td><th>Creator</th><td>${model.creator ?? '?'}</td></tr>
<tr><th>Downloads</th><td>${model.downloads ?? '?'}${model.downloadsAllTime !== null ? ` (all time ${model.downloadsAllTime})` : ''}</td>
  <th>Created</th><td>${model.createdAt ?? '?'}</td></tr>
<tr><th>First seen</th><td>${model.firstSeenAt}</td><th>Last seen</th><td>${model.lastSeenAt}</td></tr>
<tr><th>Platform flags</th><td>nsfw ${yesNo(model.nsfw)} (level ${model.nsfwLevel ?? '?'}), poi ${yesNo(model.poi)}, minor ${yesNo(model.minor)}</td>
  <th>Removed</th><td>${model.removedAt ? `${model.removedAt} (${model.removedReason ?? '?'})` : 'no'}</td></tr>
<tr><th>Tags</th><td colspan="3">${model.tags.join(', ')}</td></tr>
</table>

<h2>Review</h2>
<form method="post" action="/review" class="decisions">
  <input type="hidden" name="csrf" value="${csrfToken}">
  <input type="hidden" name="ref" value="${model.ref}">
  <label>reviewer <input name="reviewer" value="${defaultReviewer}" required maxlength="100"></label>
  <label>note <textarea name="note" rows="2" cols="60" maxlength="2000"></textarea></label>
  <p>${REVIEW_DECISIONS.map((decision) => html`<button type="submit" name="decision" value="${decision}">${decision}</button>`)}</p>
</form>
<table id="reviews"><thead><tr><th>When</th><th>Decision</th><th>Reviewer</th><th>Note</th></tr></thead><tbody>
${detail.reviews.map((review) => html`<tr><td>${review.createdAt}</td><td>${review.decision}</td><td>${review.reviewer}</td><td>${review.note ?? ''}</td></tr>`)}
</tbody></table>

<h2>Classification</h2>
${c
  ? html`<p>classifier ${c.classifierVersion} (${c.classifiedAt}) · person target <strong>${yesNo(c.personTarget)}</strong>
 (without poi ${yesNo(c.personTargetNoPoi)}), score ${c.personScore.toFixed(2)} · target <strong id="target">${c.targetName ?? '?'}</strong>,
 ${c.targetGender}, ${c.fame} · sexual ${yesNo(c.sexual)} · ncii <strong>${yesNo(c.ncii)}</strong>${c.nciiSignals.length ? ` (${c.nciiSignals.join(', ')})` : ''}
 · minor signal ${yesNo(c.minorSignal)} · base ${c.baseFamily}</p>
<table id="evidence"><thead><tr><th>Rule</th><th>Field</th><th>Match</th><th>Weight</th></tr></thead><tbody>
${c.evidence.map((item) => html`<tr><td>${item.rule}</td><td>${item.field}</td><td>${item.match}</td><td class="n">${item.weight}</td></tr>`)}
</tbody></table>`
  : html`<p>Not classified by the newest classifier version.</p>`}

<h2>Description</h2>
<pre id="description">${model.description ?? ''}</pre>

<h2>Versions and files</h2>
${detail.versions.map(
  (version) => html`<h3>${version.name ?? '?'} <small>${version.platformVersionId} · ${version.baseModel ?? '?'} · ${version.publishedAt ?? '?'}</small></h3>
${version.trainedWords.length ? html`<p>trigger words: ${version.trainedWords.join(', ')}</p>` : ''}
<table><thead><tr><th>File</th><th>SHA256</th><th>AutoV2</th><th>Size</th></tr></thead><tbody>
${version.files.map((file) => html`<tr><td>${file.name}${file.isPrimary ? ' (primary)' : ''}</td><td><code>${file.sha256 ?? '?'}</code></td><td><code>${file.autov2 ?? '?'}</code></td><td class="n">${file.sizeBytes ?? ''}</td></tr>`)}
</tbody></table>`,
)}

<h2>Snapshots</h2>
<table id="snapshots"><thead><tr><th>Taken</th><th>Run</th><th>Downloads</th><th>All time</th><th>Likes</th></tr></thead><tbody>
${detail.snapshots.map((s) => html`<tr><td>${s.takenAt}</td><td>${s.runId}</td><td class="n">${s.downloads ?? ''}</td><td class="n">${s.downloadsAllTime ?? ''}</td><td class="n">${s.likes ?? s.thumbsUp ?? ''}</td></tr>`)}
</tbody></table>

<h2>Re-uploads</h2>
${detail.reuploads.length === 0 ? html`<p>None found.</p>` : ''}
<ul id="reuploads">${detail.reuploads.map((match) => html`<li><a href="${modelHref(match.ref)}">${match.ref}</a> ${match.name} · ${match.matchedOn} <code>${match.hash}</code></li>`)}</ul>`;
}

export function loginPage(message: string | null): Html {
  return html`<h1>dfwatch console</h1>
${message ? html`<p class="error" role="alert">${message}</p>` : ''}
<p>Open the one-time link printed when the console started, or sign in with the console token.</p>
<form method="post" action="/login"><label>token <input type="password" name="token" autocomplete="off" required></label>
<button type="submit">Sign in</button></form>`;
}

export function errorPage(message: string): Html {
  return html`<h1>Error</h1><p class="error" role="alert">${message}</p>`;
}
