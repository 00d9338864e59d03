/**
 * The named actions of a conversation that listens (docs/patient-journey.md): short re-asks, a
 * sticker met with the buttons, the nearest command for a typo, and what the machine remembers of
 * what the patient just said. Registered in `machineSetup.ts`.
 */
import type { FlowContent } from '../content/schema.js';
import { patientSetup } from './setup.js';
import { invalidReask, unsupportedReply } from './shortReask.js';
import { unknownCommand } from './unknownCommand.js';

/** The listening actions, by name. */
export function listeningActions(content: FlowContent) {
  return {
    /** An answer not understood: one line and the buttons (see `shortReask.ts`). */
    invalidReask,
    /** A sticker or a forwarded message: said so, with the buttons. */
    unsupportedReply,
    /** An unknown command: the nearest one suggested, or /help. */
    unknownCommand: unknownCommand(content),
    /** "Do you mean you used again?" answered no: a bare wish said next is a craving. */
    rememberUseDenied: patientSetup.assign({
      listening: ({ context, event }) => ({ ...context.listening, useDeniedAt: event.now }),
    }),
  };
}
