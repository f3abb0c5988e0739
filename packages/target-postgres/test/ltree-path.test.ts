import { describe, expect, it } from 'vitest';
import { ltreeToPath, pathToLtree } from '../src/copy/ltree-path.js';

describe('hierarchyid path <-> ltree labels', () => {
  const cases: [string, string][] = [
    ['/', ''],
    ['/1/', '1'],
    ['/1/3/', '1.3'],
    ['/1/3.5/-2/', '1.3_5.m2'],
    ['/-1.-7.4/10/', 'm1_m7_4.10'],
  ];
  it.each(cases)('%s <-> %s', (path, labels) => {
    expect(pathToLtree(path)).toBe(labels);
    expect(ltreeToPath(labels)).toBe(path);
  });
});
