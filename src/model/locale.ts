/** The two languages Dongyu speaks. */
export type Locale = 'en' | 'zh-CN';
