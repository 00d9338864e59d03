/**
 * A command nobody knows (`/chekin`, `/frobnicate`): the nearest known one is suggested when there
 * is one close enough (docs/patient-journey.md#command-words), else where to see them all.
 */
import type { FlowContent } from '../content/schema.js';
import { knownCommands, nearestCommand } from '../understanding/commandWords.js';
import { patientSetup } from './setup.js';

/** Says "did you mean /checkin?" for a near miss, or "send /help" for anything else. */
export function unknownCommand(content: FlowContent) {
  const known = knownCommands(content.commands);
  return patientSetup.emit(({ event }) => {
    const near = event.type === 'CMD' ? nearestCommand(event.name, known) : null;
    return {
      type: 'say' as const,
      text: near ? { key: 'common.didYouMean', params: { command: near } } : { key: 'common.unknownCommand' },
    };
  });
}
