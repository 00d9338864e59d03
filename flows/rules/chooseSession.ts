/**
 * Which rescue sessions to offer (docs/clinical-protocol.md#rising-craving-and-rescue-sessions): chosen from
 * stage, clearance, setting (night or indoors → mind-body only) and the patient's own record of
 * what lowered their craving before.
 */

import type { Session, SessionRanking, StageId } from '../content/schema.js';
import type { Modality } from '../history.js';

/** The patient's own before/after evidence per session id. */
export type SessionStats = Record<string, { n: number; totalDrop: number }>;

/** What the choice depends on. */
export interface SessionChoiceInput {
  stage: StageId;
  cleared: boolean;
  setting: 'indoors' | 'outdoors' | 'either';
  night: boolean;
  likes: Modality[];
  stats: SessionStats;
  /** A medical red flag not long ago: seated sessions only (no exertion). */
  resting?: boolean;
}

/** Average craving drop the patient saw with a session, or null with no record. */
export function averageDrop(stats: SessionStats, id: string): number | null {
  const s = stats[id];
  return s && s.n > 0 ? s.totalDrop / s.n : null;
}

/** Sessions the patient may do now. */
export function eligibleSessions(catalogue: readonly Session[], input: SessionChoiceInput): Session[] {
  const indoorsOnly = input.night || input.setting === 'indoors';
  return catalogue.filter((s) => {
    if (!input.cleared && !s.light) return false;
    if (input.resting && !s.seated) return false;
    if (!s.stages.includes(input.stage)) return false;
    if (indoorsOnly && (s.outdoors || s.modality !== 'mindbody')) return false;
    return true;
  });
}

/**
 * Up to two sessions to offer: the best mind-body one and the best aerobic one (when allowed),
 * best first. Best = the highest score under the content's `ranking` weights (own average drop, a
 * liked modality, any own record), then catalogue order.
 */
export function chooseSessions(
  catalogue: readonly Session[],
  input: SessionChoiceInput,
  ranking: SessionRanking,
): Session[] {
  const score = (s: Session) => {
    const drop = averageDrop(input.stats, s.id);
    return (
      (drop ?? 0) * ranking.perPointOfDrop +
      (input.likes.includes(s.modality) ? ranking.likedModality : 0) +
      (drop === null ? 0 : ranking.tried)
    );
  };
  const ranked = eligibleSessions(catalogue, input)
    .map((s, i) => ({ s, i, score: score(s) }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((x) => x.s);
  const picks: Session[] = [];
  for (const modality of ['mindbody', 'aerobic'] as const) {
    const best = ranked.find((s) => s.modality === modality);
    if (best) picks.push(best);
  }
  return picks.sort((a, b) => ranked.indexOf(a) - ranked.indexOf(b));
}
