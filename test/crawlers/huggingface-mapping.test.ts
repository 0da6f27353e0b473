import { describe, expect, it } from 'vitest';
import { anyOf, looksLikePersonModel } from '../../src/crawlers/huggingface-candidates.js';
import { huggingfaceRateLimitPolicy, parseRateLimit, parseRateLimitPolicy } from '../../src/crawlers/huggingface-rate-limit.js';
import {
  BUILTIN_BASES,
  hubListings,
  hubListUrl,
  hubModelType,
  nextPageFromLink,
  isHubRepoId,
  hubReadmeUrl,
  parseHubItem,
  resolvePage,
  toHubVersion,
} from '../../src/crawlers/huggingface.js';
import { InvalidModelIdError, OriginError } from '../../src/crawlers/http-errors.js';

const headers = (values: Record<string, string>) => new Headers(values);

describe('Hub RateLimit headers', () => {
  it('reads remaining requests and seconds to reset per bucket', () => {
    expect(parseRateLimit('"api";r=0;t=55')).toEqual([{ name: 'api', remaining: 0, resetSeconds: 55 }]);
    expect(parseRateLimit('"api";r=12;t=3, "resolvers";r=0;t=40')).toEqual([
      { name: 'api', remaining: 12, resetSeconds: 3 },
      { name: 'resolvers', remaining: 0, resetSeconds: 40 },
    ]);
    expect(parseRateLimit('garbage')).toEqual([]);
    expect(parseRateLimit(null)).toEqual([]);
  });

  it('reads the policy: quota and window', () => {
    expect(parseRateLimitPolicy('"fixed window";"api";q=500;w=300')).toEqual([{ name: 'api', quota: 500, windowSeconds: 300 }]);
  });

  it('waits t+1 seconds after a 429', () => {
    const policy = huggingfaceRateLimitPolicy();
    expect(policy({ status: 429, headers: headers({ ratelimit: '"api";r=0;t=55' }) })).toBe(56_000);
  });

  it('pauses after a success that spent the window, and not before', () => {
    const policy = huggingfaceRateLimitPolicy({ secondMs: 10 });
    expect(policy({ status: 200, headers: headers({ ratelimit: '"api";r=0;t=7' }) })).toBe(80);
    expect(policy({ status: 200, headers: headers({ ratelimit: '"api";r=3;t=7' }) })).toBeNull();
    expect(policy({ status: 200, headers: headers({}) })).toBeNull();
  });

  it('pauses early enough that requests already in flight spend the last slots', () => {
    const policy = huggingfaceRateLimitPolicy({ secondMs: 10, concurrency: 3 });
    expect(policy({ status: 200, headers: headers({ ratelimit: '"api";r=2;t=7' }) })).toBe(80);
    expect(policy({ status: 200, headers: headers({ ratelimit: '"api";r=3;t=7' }) })).toBeNull();
  });

  it('leaves a 429 without RateLimit to Retry-After and backoff', () => {
    expect(huggingfaceRateLimitPolicy()({ status: 429, headers: headers({ 'retry-after': '3' }) })).toBeNull();
  });
});

describe('Hub listing URLs and Link paging', () => {
  it('walks three model-tree relations per base, image LoRAs and each search', () => {
    const listings = hubListings({ bases: [...BUILTIN_BASES, 'me/my-base'], searches: ['celeb'] });
    expect(listings).toHaveLength((BUILTIN_BASES.length + 1) * 3 + 2);
    expect(listings.map((listing) => listing.key)).toContain('filter=base_model%3Aadapter%3Ablack-forest-labs%2FFLUX.1-dev');
    expect(new Set(listings.map((listing) => listing.key)).size).toBe(listings.length);
  });

  it('asks for 1000 items, a stable sort and every expand field as a repeated parameter', () => {
    const first = hubListings({ bases: ['black-forest-labs/FLUX.1-dev'], searches: [] })[0]!;
    const url = new URL(hubListUrl('https://huggingface.co', first, 1000));
    expect(url.pathname).toBe('/api/models');
    expect(url.searchParams.get('limit')).toBe('1000');
    expect(url.searchParams.get('filter')).toBe('base_model:adapter:black-forest-labs/FLUX.1-dev');
    expect(url.searchParams.getAll('expand')).toEqual(expect.arrayContaining(['downloads', 'downloadsAllTime', 'cardData', 'gated', 'disabled', 'sha']));
  });

  it('keeps the next link as a path without host or token, and resolves it against the current API root', () => {
    const link = '<https://huggingface.co/api/models?filter=lora&cursor=eyJ2IjoxfQ%3D%3D&token=hf_secret>; rel="next"';
    const next = nextPageFromLink(link, 'https://huggingface.co');
    expect(next).toBe('/api/models?filter=lora&cursor=eyJ2IjoxfQ%3D%3D');
    expect(resolvePage('http://127.0.0.1:9999', next!)).toBe('http://127.0.0.1:9999/api/models?filter=lora&cursor=eyJ2IjoxfQ%3D%3D');
  });

  it('finds rel="next" among several links and ignores the others', () => {
    expect(nextPageFromLink('<https://x/api/models?cursor=a>; rel="prev", <https://x/api/models?cursor=b>; rel="next"', 'https://x')).toBe('/api/models?cursor=b');
    expect(nextPageFromLink('<https://x/api/models?cursor=a>; rel="prev"', 'https://x')).toBeNull();
    expect(nextPageFromLink(null, 'https://x')).toBeNull();
  });

  it('refuses a next link or a stored resume point that leaves the API origin or the listing', () => {
    for (const link of ['<https://other.example/api/models?cursor=b>', '<//127.0.0.2/api/models?cursor=b>', '<http://huggingface.co/api/models?cursor=b>', '<https://huggingface.co:444/api/models?cursor=b>', '<https://u:p@huggingface.co/api/models>', '</api/whoami-v2>']) {
      expect(() => nextPageFromLink(`${link}; rel="next"`, 'https://huggingface.co'), link).toThrow(OriginError);
    }
    for (const stored of ['//127.0.0.2/api/models?cursor=b', 'http://other/api/models?x', '/api/models/../whoami-v2?x', '/x?y']) {
      expect(() => resolvePage('https://huggingface.co', stored), stored).toThrow(OriginError);
    }
  });

  it('accepts owner/name repo ids and refuses ids shaped like paths or hosts', () => {
    for (const id of ['black-forest-labs/FLUX.1-dev', 'a/b_c.d-e', 'gpt2']) expect(isHubRepoId(id), id).toBe(true);
    for (const id of ['/127.0.0.2/x', '//evil/x', '../x', 'a/..', 'a/b/c', 'a/b?c', 'a/b#c', 'a b/c', 'a/%2e%2e', '', `a/${'x'.repeat(97)}`, '.a/b', 'a\\b/c']) {
      expect(isHubRepoId(id), id).toBe(false);
      expect(() => hubReadmeUrl('https://huggingface.co', id), id).toThrow(InvalidModelIdError);
    }
    expect(parseHubItem({ id: '/127.0.0.2/x' }).ok).toBe(false);
  });
});

describe('Hub item mapping', () => {
  it('maps the API-NOTES default-field item', () => {
    const parsed = parseHubItem({
      _id: '621ffdc036468d709f174338',
      id: 'google-bert/bert-base-uncased',
      likes: 3379,
      trendingScore: 13,
      private: false,
      downloads: 42711978,
      tags: ['transformers', 'pytorch', 'bert', 'fill-mask', 'en', 'license:apache-2.0'],
      pipeline_tag: 'fill-mask',
      library_name: 'transformers',
      createdAt: '2022-03-02T23:29:04.000Z',
      modelId: 'google-bert/bert-base-uncased',
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.record).toMatchObject({
      platform: 'huggingface',
      platformId: 'google-bert/bert-base-uncased',
      name: 'bert-base-uncased',
      creator: 'google-bert',
      type: 'Other',
      url: 'https://huggingface.co/google-bert/bert-base-uncased',
      poi: null,
      createdAt: '2022-03-02T23:29:04.000Z',
      counters: { downloads: 42711978, downloadsAllTime: null, likes: 3379 },
      versions: undefined,
    });
  });

  it('reads bases from the card and the model-tree tags, trigger words from instance_prompt', () => {
    const parsed = parseHubItem({
      id: 'someone/jane-lora',
      downloads: 10,
      downloadsAllTime: 250,
      tags: ['lora', 'base_model:black-forest-labs/FLUX.1-dev', 'base_model:adapter:black-forest-labs/FLUX.1-dev', 'not-for-all-audiences'],
      cardData: { base_model: ['black-forest-labs/FLUX.1-dev', 'stabilityai/stable-diffusion-xl-base-1.0'], instance_prompt: 'ohwx woman', widget: [{ text: 'photo of ohwx woman' }] },
      gated: 'manual',
      sha: 'abc',
      siblings: [{ rfilename: 'w.safetensors', size: 5, lfs: { sha256: 'ab'.repeat(32), size: 5, pointerSize: 130 } }],
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.record.baseModels).toEqual(['black-forest-labs/FLUX.1-dev', 'stabilityai/stable-diffusion-xl-base-1.0']);
    expect(parsed.record.type).toBe('LORA');
    expect(parsed.record.nsfw).toBe(true);
    expect(parsed.record.gated).toBe('manual');
    expect(parsed.record.description).toBe('instance_prompt: ohwx woman\nwidget: photo of ohwx woman');
    expect(parsed.record.counters).toMatchObject({ downloads: 10, downloadsAllTime: 250 });
    const version = toHubVersion(parsed.item);
    expect(version).toMatchObject({ platformVersionId: 'abc', trainedWords: ['ohwx woman'] });
    expect(version.files).toEqual([expect.objectContaining({ name: 'w.safetensors', sizeBytes: 5, sha256: 'ab'.repeat(32), format: 'safetensors' })]);
  });

  it('types repos from their tags', () => {
    expect(hubModelType(['base_model:adapter:x/y'])).toBe('LORA');
    expect(hubModelType(['base_model:merge:x/y'])).toBe('Checkpoint');
    expect(hubModelType(['base_model:finetune:x/y'])).toBe('Checkpoint');
    expect(hubModelType(['base_model:quantized:x/y'])).toBe('Other');
  });

  it('keeps an item with an unreadable card, and rejects one without an id', () => {
    expect(parseHubItem({ id: 'a/b', cardData: 'not an object' }).ok).toBe(true);
    const bad = parseHubItem({ modelId: 'a/b', tags: 'lora' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(JSON.parse(bad.raw)).toEqual({ modelId: 'a/b', tags: 'lora' });
  });
});

describe('details pre-filter', () => {
  const model = (name: string, tags: string[] = [], description: string | null = null) => ({ name, type: 'LORA', creator: null, tags, description, baseModels: [], nsfw: null });
  it('picks repos whose name, tags or card words suggest a person', () => {
    expect(looksLikePersonModel(model('JaneDoe_Woman_Flux'))).toBe(true);
    expect(looksLikePersonModel(model('flux-lora-v2', [], 'instance_prompt: ohwx'))).toBe(true);
    expect(looksLikePersonModel(model('flux-lora-v2', ['not-for-all-audiences']))).toBe(true);
  });
  it('takes a repo either filter picks', () => {
    const byName = (wanted: string) => (candidate: { name: string }) => candidate.name === wanted;
    const either = anyOf(byName('a'), byName('b'));
    expect([either(model('a')), either(model('b')), either(model('c'))]).toEqual([true, true, false]);
  });
  it('skips styles, objects and repos that are not variants', () => {
    expect(looksLikePersonModel(model('watercolor-style'))).toBe(false);
    expect(looksLikePersonModel(model('womanizer-font-style'))).toBe(false);
    expect(looksLikePersonModel({ ...model('woman-portrait'), type: 'Other' })).toBe(false);
  });
});
