import { describe, expect, it } from 'vitest';
import { I18n, placeholders } from '../../src/i18n.js';

const i18n = new I18n();
const chartKeys = (locale: 'en' | 'zh-CN') => i18n.keys(locale).filter((k) => k.startsWith('charts.'));

describe('the chart texts', () => {
  it('exist in both languages with the same placeholders', () => {
    expect(chartKeys('zh-CN').sort()).toEqual(chartKeys('en').sort());
    for (const key of chartKeys('en')) {
      expect(placeholders(i18n.template('zh-CN', key)!), key).toEqual(
        placeholders(i18n.template('en', key)!),
      );
    }
  });

  it('use no stigmatising words', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const key of chartKeys(locale)) {
        expect(i18n.template(locale, key), key).not.toMatch(/addict|junkie|瘾君子|吸毒者/i);
      }
    }
  });

  it('are Chinese in the Chinese catalogue', () => {
    expect(i18n.t('zh-CN', 'charts.title.patient', { days: 14 })).toBe('你最近 14 天的变化');
    expect(i18n.t('zh-CN', 'charts.date', { month: 1, day: 5 })).toBe('1月5日');
  });
});
