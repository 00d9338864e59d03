/**
 * Numbers and their nouns agree in English (`{n:singular|plural}`): a patient one day into
 * recovery reads "1 day", not "1 days". Chinese has no plural forms and is unchanged.
 */
import { describe, expect, it } from 'vitest';
import { I18n, placeholders } from '../../src/i18n.js';

const i18n = new I18n();

describe('plural forms', () => {
  it('agree with the number in English', () => {
    expect(i18n.t('en', 'checkin.thanks', { streak: 1, minutes: 1 })).toBe(
      'Thanks. 1 check-in in a row, and 1 minute of exercise this week.',
    );
    expect(i18n.t('en', 'checkin.thanks', { streak: 3, minutes: 0 })).toBe(
      'Thanks. 3 check-ins in a row, and 0 minutes of exercise this week.',
    );
    expect(i18n.t('en', 'pause.done', { days: 1 })).toContain('paused for 1 day.');
    expect(i18n.t('en', 'pause.done', { days: 7 })).toContain('paused for 7 days.');
    expect(i18n.t('en', 'alerts.digest.header', { count: 1 })).toContain('1 routine alert');
    expect(i18n.t('en', 'alerts.digest.header', { count: 1 })).not.toContain('alerts');
  });

  it('take the plural for a number written with decimals ("1.0 points")', () => {
    expect(i18n.t('en', 'charts.weekly.sessionsOne', { drop: '1.0' })).toContain('by 1.0 points.');
    expect(i18n.t('en', 'charts.weekly.sessionsOne', { drop: 1 })).toContain('by 1 point.');
    expect(i18n.t('en', 'charts.weekly.sessionsOne', { drop: 2.5 })).toContain('by 2.5 points.');
  });

  it('leave Chinese as it is, and count as one placeholder for parity', () => {
    expect(i18n.t('zh-CN', 'checkin.thanks', { streak: 1, minutes: 1 })).toContain('连续打卡 1 天');
    expect(placeholders('{days} {days:day|days}')).toEqual(['days']);
  });

  it('leave no English template with a "(s)" or a bare number-noun pair that can read "1 days"', () => {
    for (const key of i18n.keys('en')) {
      const template = i18n.template('en', key)!;
      expect(template, key).not.toMatch(/\(s\)/);
      expect(template, key).not.toMatch(
        /\{(streak|activeDays|minutes|drop)\} (days|minutes|points|check-ins)\b/,
      );
    }
  });
});
