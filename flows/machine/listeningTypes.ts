/**
 * What the patient machine remembers of the conversation itself, beyond the questionnaires: how
 * often the question pending was not understood (short re-asks), when the crisis reply was last
 * given (a repeated risk message gets a short reply). Persisted with the snapshot: keep it small.
 */
import { z } from 'zod';

/** The schema the stored snapshot is validated with (`src/engine/snapshot.ts`). */
export const listeningSchema = z.object({
  /** Answers in a row that were not understood, to the question with this id. */
  misses: z.object({ askId: z.string(), n: z.number().int().nonnegative() }).optional(),
  /** When the patient last said no to "do you mean you used again?" (a bare wish after it is a craving). */
  useDeniedAt: z.number().optional(),
});

/** See {@link listeningSchema}. */
export type Listening = z.infer<typeof listeningSchema>;
