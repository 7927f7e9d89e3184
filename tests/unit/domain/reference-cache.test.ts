import { ReferenceCache } from '../../../src/domain/catalog/reference-cache.js';

describe('ReferenceCache', () => {
  let now = 0;
  const cache = new ReferenceCache<number, string>(1000, () => now);
  const fetched: number[][] = [];
  const fetch = async (missing: number[]) => {
    fetched.push(missing);
    return new Map(missing.filter((k) => k > 0).map((k) => [k, `v${k}`] as const));
  };

  test('fetches only what is missing, keeps order, answers null for what does not exist', async () => {
    expect(await cache.getMany([1, 2, 2, -1], fetch)).toEqual(['v1', 'v2', 'v2', null]);
    expect(await cache.getMany([2, 3, 1], fetch)).toEqual(['v2', 'v3', 'v1']);
    expect(fetched).toEqual([[1, 2, -1], [3]]);
  });

  test('unknown keys are asked again (never cached as absent); entries expire; clear() forgets all', async () => {
    fetched.length = 0;
    await cache.getMany([-1], fetch);
    expect(fetched).toEqual([[-1]]);
    now = 1500;
    expect(await cache.get(1, async (k) => `fresh${k}`)).toBe('fresh1');
    expect(await cache.getMany([1], fetch)).toEqual(['fresh1']);
    cache.clear();
    expect(await cache.getMany([1], fetch)).toEqual(['v1']);
  });

  test('a fetch that began before clear() does not store the old value it read', async () => {
    const fresh = new ReferenceCache<number, string>(1000, () => 0);
    let release!: () => void;
    const slow = fresh.getMany([7], async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return new Map([[7, 'before the change']]);
    });
    fresh.clear(); // the change commits while the read is in flight
    release();
    expect(await slow).toEqual(['before the change']);
    expect(await fresh.getMany([7], async () => new Map([[7, 'after the change']]))).toEqual(['after the change']);
  });
});
