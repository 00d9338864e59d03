/**
 * The shape of `flows/content/listening.json`: what Dongyu listens for in free text
 * (docs/patient-journey.md#craving-and-use-in-slang). Validated at start-up like every content file.
 */
import { z } from 'zod';

const words = z.array(
  z
    .string()
    .min(1)
    .refine((w) => w.trim() === w, 'no spaces at either end'),
);
const bothLanguages = z.object({ en: words, 'zh-CN': words });

/** The schema of `listening.json`. */
export const listeningContentSchema = z.object({
  /** A bare wish said just after "no, it wasn't a use": the craving it is. */
  wishAfterNo: bothLanguages,
});

/** `listening.json`, validated. */
export type ListeningContent = z.infer<typeof listeningContentSchema>;
