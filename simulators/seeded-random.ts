/**
 * Reproducible randomness for the fault injector and the simulated decisions. A seed makes a run
 * repeatable (the same requests in the same order meet the same faults); a per-code draw makes a
 * decision depend on the dossier alone, not on the order in which dossiers arrive.
 */
export type Random = () => number;

/** cyrb53 folded to 32 bits: a fast, well-spread string hash (not cryptographic, and need not be). */
export function hash32(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** mulberry32: tiny, fast and good enough to spread faults evenly. */
export function seededRandom(seed: string): Random {
  let state = hash32(seed);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The generator for one purpose (`salt`): seeded when a seed is set, Math.random otherwise. */
export function randomSource(seed: string | number | null, salt: string): Random {
  return seed === null ? Math.random : seededRandom(`${seed}:${salt}`);
}

/** One draw in [0, 1) that depends only on the seed and the text (e.g. a dossier code). */
export function drawFor(seed: string | number | null, text: string): number {
  return seed === null ? Math.random() : seededRandom(`${seed}:${text}`)();
}
