import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mulhi32, philox4x32 } from '../src/random/philox.js';
import { patientWords, CHUNK_PATIENTS, chunkCount, chunkSize } from '../src/random/stream.js';

// Random123's known-answer vectors for Philox4x32-10 (tests/kat_vectors):
// counter[4] key[2] -> output[4].
const KAT: [number[], number[], number[]][] = [
  [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
  [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
  [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
];

describe('Philox4x32-10 (TypeScript)', () => {
  it.each(KAT)('matches the Random123 known-answer vector for counter %j', (c, k, expected) => {
    const out = new Uint32Array(4);
    philox4x32(c[0], c[1], c[2], c[3], k[0], k[1], out);
    expect([...out]).toEqual(expected);
  });

  it('mulhi32 is the exact high word of the 64-bit product', () => {
    const cases = [[0, 0], [1, 1], [0xffffffff, 0xffffffff], [0xd2511f53, 0x12345678], [0xcd9e8d57, 0xfedcba98], [65536, 65536]];
    // and random pairs, the multipliers' halves at their extremes included
    let u = 12345;
    const next = () => (u = (Math.imul(u, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < 10_000; i++) cases.push([next() ^ (next() << 16), i % 3 === 0 ? next() | 0xffff : next() ^ (next() << 16)].map((x) => x >>> 0));
    for (const [a, b] of cases) {
      expect(mulhi32(a, b)).toBe(Number((BigInt(a) * BigInt(b)) >> 32n));
    }
  });
});

describe('patient streams', () => {
  it('depend on (seed, chunk, patient) only, and differ between them', () => {
    const a = new Uint32Array(32);
    const b = new Uint32Array(32);
    patientWords(7, 3, 11, a);
    patientWords(7, 3, 11, b);
    expect([...a]).toEqual([...b]);
    for (const [s, c, i] of [[8, 3, 11], [7, 4, 11], [7, 3, 12]]) {
      patientWords(s, c, i, b);
      expect([...a]).not.toEqual([...b]);
    }
  });

  it('cut a run into chunks of CHUNK_PATIENTS, the last one shorter', () => {
    expect(chunkCount(1)).toBe(1);
    expect(chunkCount(CHUNK_PATIENTS)).toBe(1);
    expect(chunkCount(CHUNK_PATIENTS + 1)).toBe(2);
    expect(chunkSize(CHUNK_PATIENTS + 5, 1)).toBe(5);
    expect(chunkSize(1e10, chunkCount(1e10) - 1)).toBe(1e10 - (chunkCount(1e10) - 1) * CHUNK_PATIENTS);
  });
});

describe('Philox4x32-10 (AssemblyScript kernel)', () => {
  const wasm = readFileSync(new URL('../build/cgt-access.wasm', import.meta.url));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(wasm), { env: { abort: () => { throw new Error('abort'); } } });
  const k = instance.exports as unknown as {
    memory: WebAssembly.Memory;
    scratch(): number;
    philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): void;
    patientWords(seed: number, chunk: number, i: number): void;
    patientWordsOfFour(seed: number, chunk: number, i0: number): void;
  };

  it.each(KAT)('matches the known-answer vector for counter %j', (c, key, expected) => {
    k.philox4x32(c[0], c[1], c[2], c[3], key[0], key[1]);
    expect([...new Uint32Array(k.memory.buffer, k.scratch(), 4)]).toEqual(expected);
  });

  it('draws the same patient words as the TypeScript reference', () => {
    const ts = new Uint32Array(32);
    for (const [seed, chunk, i] of [[1, 0, 0], [0xffffffff, 152587, 65535], [42, 17, 1234]]) {
      patientWords(seed, chunk, i, ts);
      k.patientWords(seed, chunk, i);
      expect([...new Uint32Array(k.memory.buffer, k.scratch(), 32)]).toEqual([...ts]);
    }
  });

  it('draws the same words four patients at a time (the SIMD generator of the kernel)', () => {
    const ts = new Uint32Array(32);
    for (const [seed, chunk, i0] of [[1, 0, 0], [0xffffffff, 152587, 65532], [42, 17, 1236]]) {
      k.patientWordsOfFour(seed, chunk, i0);
      const lanes = new Uint32Array(k.memory.buffer, k.scratch(), 128);
      for (let j = 0; j < 4; j++) {
        patientWords(seed, chunk, i0 + j, ts);
        expect(Array.from({ length: 32 }, (_, w) => lanes[4 * w + j])).toEqual([...ts]);
      }
    }
  });

  it('draws the same words four at a time for any seed, chunk and patients (fast-check; the first rounds are worked out per chunk)', () => {
    const ts = new Uint32Array(32);
    const u32 = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(fc.property(u32, u32, fc.integer({ min: 0, max: 0x3ffffffe }), (seed, chunk, q) => {
      const i0 = 4 * q;
      k.patientWordsOfFour(seed, chunk, i0);
      const lanes = new Uint32Array(k.memory.buffer, k.scratch(), 128);
      for (let j = 0; j < 4; j++) {
        patientWords(seed, chunk, i0 + j, ts);
        for (let w = 0; w < 32; w++) if (lanes[4 * w + j] !== ts[w]) return false;
      }
      return true;
    }), { numRuns: 300, seed: 20261125 });
  });
});
