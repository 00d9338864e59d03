/**
 * One onboarding, answered entirely by typing (consent to the name question), as a patient on any
 * platform would. Shared by the channel, fault and benchmark drivers so the script exists once.
 */
import type { Locale } from '../../src/engine/types.js';

/** Typed answers per language; the Chinese one uses Chinese numerals, full-width digits and 是/否 words. */
export const TYPED_ONBOARDING: Record<Locale, readonly string[]> = {
  en: [
    'yes',
    '30',
    'no',
    'no',
    'no',
    'no',
    'no',
    'no',
    'no',
    '45',
    '4',
    '0',
    '1',
    '3',
    'all',
    'either',
    '21:00',
    'Asia/Shanghai',
    'no',
  ],
  'zh-CN': [
    '同意',
    '三十',
    '否',
    '没有',
    '不',
    '否',
    '否',
    '否',
    '否',
    '四十五',
    '４',
    '0',
    '1',
    '三',
    'all',
    'either',
    '21:00',
    'Asia/Shanghai',
    '不',
  ],
};
