import { describe, expect, it } from 'vitest';
import { normalizeTimestamp, parseCivitaiItem, toModelRecord, ApiCivitaiModel } from '../../src/crawlers/civitai.js';
import { htmlToText } from '../../src/crawlers/html-text.js';
import { civitaiItem } from '../helpers/civitai-items.js';

function record(raw: Record<string, unknown>) {
  const parsed = parseCivitaiItem(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.record;
}

describe('Civitai items', () => {
  it('reads a 2023 record: image ratings as labels mapped to levels, prompts kept', () => {
    const model = record(civitaiItem({ id: 5, shape: '2023', nsfw: true }));
    const image = model.versions![0]!.images[0]!;
    expect(image).toMatchObject({ nsfwLabel: 'X', nsfwLevel: 8, prompt: 'photo of model 5' });
    expect(model.counters.favorites).toBe(1);
    expect(model.counters.thumbsUp).toBeNull();
  });

  it('reads a 2026 record: image levels as numbers, no label', () => {
    const model = record(civitaiItem({ id: 6, nsfw: true }));
    expect(model.versions![0]!.images[0]).toMatchObject({ nsfwLabel: null, nsfwLevel: 8 });
    expect(model.nsfwLevel).toBe(12);
  });

  it('keeps a hidden counter null instead of zero', () => {
    const model = record(civitaiItem({ id: 7, downloads: null }));
    expect(model.counters.downloads).toBeNull();
    expect(model.counters.tips).toBeNull();
  });

  it('accepts unknown fields and missing optional ones', () => {
    const raw = civitaiItem({ id: 8 });
    delete raw.stats;
    delete raw.tags;
    (raw as Record<string, unknown>).brandNewField = { nested: true };
    const model = record(raw);
    expect(model.counters.downloads).toBeNull();
    expect(model.tags).toEqual([]);
  });

  it('dates the model by its earliest version and treats zone-less times as UTC', () => {
    const raw = civitaiItem({ id: 9 });
    const versions = raw.modelVersions as Record<string, unknown>[];
    versions.push({ ...versions[0], id: 1, publishedAt: '2024-01-02T03:04:05.678' });
    expect(toModelRecord(ApiCivitaiModel.parse(raw)).createdAt).toBe('2024-01-02T03:04:05.678Z');
    expect(normalizeTimestamp('2023-10-05T13:31:16.745')).toBe('2023-10-05T13:31:16.745Z');
    expect(normalizeTimestamp('not a date')).toBeNull();
  });

  it('reads allowCommercialUse as a string (2023) or an array (today) without failing', () => {
    expect(parseCivitaiItem({ ...civitaiItem({ id: 10 }), allowCommercialUse: '{Image,RentCivit}' }).ok).toBe(true);
    expect(parseCivitaiItem({ ...civitaiItem({ id: 11 }), allowCommercialUse: ['Image'] }).ok).toBe(true);
  });

  it('turns a malformed item into an error with its id and raw JSON', () => {
    const parsed = parseCivitaiItem({ id: 12, name: 42, type: 'LORA' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.platformId).toBe('12');
      expect(parsed.message).toMatch(/name/);
      expect(JSON.parse(parsed.raw)).toMatchObject({ id: 12 });
    }
  });

  it('keeps file hashes and sizes in bytes', () => {
    const file = record(civitaiItem({ id: 13 })).versions![0]!.files[0]!;
    expect(file.sizeBytes).toBe(Math.round(144.5 * 1024));
    expect(file.sha256).toMatch(/^[0-9A-F]{64}$/);
    expect(file.autov2).toBe(file.sha256!.slice(0, 10));
  });
});

describe('htmlToText', () => {
  it('separates paragraphs and line breaks like a reader sees them', () => {
    expect(htmlToText('<p>first</p><p>second<br>third</p>')).toBe('first\n\nsecond\nthird');
  });
  it('decodes entities and drops scripts', () => {
    expect(htmlToText('<p>a &amp; b</p><script>alert(1)</script>')).toBe('a & b');
  });
  it('passes plain text through and maps empty to null', () => {
    expect(htmlToText('plain words')).toBe('plain words');
    expect(htmlToText('')).toBeNull();
    expect(htmlToText(null)).toBeNull();
  });
});
