/**
 * The locale keys the listening work writes literally in flows/machine (command suggestions, short
 * re-asks, listening replies, talking to the counsellor), with the placeholders the flows fill in.
 * Kept apart from the main list in parity.test.ts so each piece of the journey lists its own.
 */
export const LISTENING_PARAMS: Record<string, string[]> = {
  'common.didYouMean': ['command'],
  'common.reask.tapOrHelp': [],
  'common.reask.stuck': [],
  'common.invalid.step': ['max', 'min'],
  'common.invalid.often': ['max', 'min'],
  'common.invalid.sure': ['max', 'min'],
  'common.invalid.pickOne': ['high', 'low'],
};
