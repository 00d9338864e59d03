/**
 * The crisis-number region comes from the patient's time zone alone, never from their language,
 * whatever way the zone is spelled: any letter case, or a tzdata alias of a zone in the region.
 */
import { describe, expect, it } from 'vitest';
import { regionFor } from '../../flows/rules/crisisRegion.js';
import { canonicalZone } from '../../flows/rules/localTime.js';

describe('a time zone', () => {
  it.each([
    ['asia/hong_kong', 'Asia/Hong_Kong'],
    ['ASIA/TOKYO', 'Asia/Tokyo'],
    ['europe/paris', 'Europe/Paris'],
    ['Asia/Shanghai', 'Asia/Shanghai'],
  ])('typed as %s is stored as %s', (typed, stored) => {
    expect(canonicalZone(typed)).toBe(stored);
  });

  it('that does not exist has no canonical name', () => {
    expect(canonicalZone('Asia/Atlantis')).toBeNull();
    expect(canonicalZone('')).toBeNull();
  });
});

describe('the crisis region of a time zone', () => {
  it.each([
    // Mainland China, in every spelling.
    ['Asia/Shanghai', 'CN'],
    ['asia/shanghai', 'CN'],
    ['Asia/Chongqing', 'CN'],
    ['Asia/Chungking', 'CN'],
    ['Asia/Harbin', 'CN'],
    ['Asia/Urumqi', 'CN'],
    ['Asia/Kashgar', 'CN'],
    ['PRC', 'CN'],
    // Hong Kong and Taiwan.
    ['Asia/Hong_Kong', 'HK'],
    ['asia/hong_kong', 'HK'],
    ['ASIA/HONG_KONG', 'HK'],
    ['Hongkong', 'HK'],
    ['Asia/Taipei', 'TW'],
    ['asia/taipei', 'TW'],
    ['ROC', 'TW'],
    // The United States, Alaska and Hawaii included, and the old US/* names.
    ['America/New_York', 'US'],
    ['america/los_angeles', 'US'],
    ['America/Indiana/Indianapolis', 'US'],
    ['America/Indianapolis', 'US'],
    ['America/Kentucky/Louisville', 'US'],
    ['America/Anchorage', 'US'],
    ['Pacific/Honolulu', 'US'],
    ['US/Eastern', 'US'],
    ['US/Pacific', 'US'],
    ['US/Hawaii', 'US'],
    ['Navajo', 'US'],
  ] as const)('%s is %s', (zone, region) => {
    expect(regionFor(zone)).toBe(region);
  });

  it.each([
    ['Europe/London', 'UK'],
    ['europe/london', 'UK'],
    ['GB', 'UK'],
    ['Europe/Paris', 'EU'],
    ['Europe/Berlin', 'EU'],
    ['Europe/Dublin', 'EU'],
  ] as const)('%s is %s (999 and Samaritans in the UK, 112 elsewhere in Europe)', (zone, region) => {
    expect(regionFor(zone)).toBe(region);
  });

  it.each([
    ['America/Toronto'],
    ['America/Mexico_City'],
    ['America/Havana'],
    ['America/Panama'],
    ['America/Sao_Paulo'],
    ['America/Puerto_Rico'],
    ['Asia/Tokyo'],
    ['Europe/Moscow'],
    ['Asia/Macau'],
  ])('%s is not one of the named regions: the local emergency number', (zone) => {
    expect(regionFor(zone)).toBe('other');
  });
});
