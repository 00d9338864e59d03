/**
 * Floors on the `check` half of the safety corpus (docs/safety.md#floors), asserted by
 * tests/safety/floors.test.ts and shown in the generated figures block.
 *
 * `ISSUE_TARGETS` are what issue 19 asks for. They are NOT met yet: the reader reaches them on the
 * tune half it was built against, not on the check half nobody tuned it to. `FLOORS` are what the
 * reader honestly reaches on the check half today, less a margin of about three points, so that a
 * change that makes it worse fails the test. Raise a floor whenever the reader gets better; never
 * lower one to make a change pass, and never look at check lines to raise it.
 */
import type { Locale } from './corpus.js';

/** The issue's targets (issue 19): risk recall, explicit risk recall, risk-or-possible, crisis replies on negatives. */
export const ISSUE_TARGETS = {
  riskRecall: 0.98,
  explicitRecall: 1,
  riskOrPossible: 0.99,
  negativesRiskAtMost: 0.03,
} as const;

/** One language's floors (rates from 0 to 1). */
export interface Floors {
  riskRecall: number;
  explicitRecall: number;
  riskOrPossible: number;
  thirdPartyHandled: number;
  negativesRiskAtMost: number;
  /** Direct questions on hard negatives: the statistical net's price (docs/safety.md#the-statistical-net). */
  negativesPossibleAtMost: number;
  redFlagRecall: number;
  redFlagFalseAlarmsAtMost: number;
  useAccuracy: number;
}

/** Asserted floors on the check half. */
export const FLOORS: Record<Locale, Floors> = {
  en: {
    riskRecall: 0.57,
    explicitRecall: 0.63,
    riskOrPossible: 0.68,
    thirdPartyHandled: 0.52,
    negativesRiskAtMost: 0.1,
    negativesPossibleAtMost: 0.12,
    redFlagRecall: 0.7,
    redFlagFalseAlarmsAtMost: 0.12,
    useAccuracy: 0.5,
  },
  'zh-CN': {
    riskRecall: 0.48,
    explicitRecall: 0.46,
    riskOrPossible: 0.67,
    thirdPartyHandled: 0.68,
    negativesRiskAtMost: 0.08,
    negativesPossibleAtMost: 0.18,
    redFlagRecall: 0.52,
    redFlagFalseAlarmsAtMost: 0.3,
    useAccuracy: 0.5,
  },
};
