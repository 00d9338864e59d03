/** The caches' bound: never more than `capacity` entries; the least recently written goes first. */
import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../src/boundedMap.js';

describe('a bounded map', () => {
  it('drops the least recently written entry beyond its capacity', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    m.set('a', 3); // written again: now the most recent
    m.set('c', 4);
    expect(m.size).toBe(2);
    expect(m.get('b')).toBeUndefined();
    expect(m.get('a')).toBe(3);
    expect(m.get('c')).toBe(4);
  });

  it('hands an entry out once with take', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1);
    expect(m.take('a')).toBe(1);
    expect(m.take('a')).toBeUndefined();
    expect(m.size).toBe(0);
  });
});
