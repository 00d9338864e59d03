import { describe, expect, it } from 'vitest';
import { chooseSessions, eligibleSessions } from '../../flows/rules/chooseSession.js';
import { heartRateRange, planFor } from '../../flows/rules/prescription.js';
import { stageFor } from '../../flows/rules/stage.js';
import { loadContent } from '../../src/content.js';

const content = loadContent();
const catalogue = content.sessions.sessions;
const ranking = content.sessions.ranking;
const base = {
  stage: 'early' as const,
  cleared: true,
  setting: 'either' as const,
  night: false,
  likes: [],
  stats: {},
};

describe('stage from days since last use', () => {
  it.each([
    [0, 'acute'],
    [14, 'acute'],
    [15, 'early'],
    [90, 'early'],
    [91, 'maintenance'],
    [400, 'maintenance'],
  ])('%d days → %s', (days, stage) => expect(stageFor(days, content.thresholds)).toBe(stage));
});

describe('prescription by stage and clearance', () => {
  it('a PAR-Q+ yes means the light-only plan whatever the stage', () => {
    expect(planFor('maintenance', false, content.prescriptions).id).toBe('notCleared');
    expect(planFor('early', true, content.prescriptions).id).toBe('early');
  });
  it('moderate plans give 65–75% of HRmax (220 − age)', () => {
    expect(heartRateRange(content.prescriptions.plans.early, 30, content.prescriptions)).toEqual([124, 143]);
    expect(heartRateRange(content.prescriptions.plans.acute, 30, content.prescriptions)).toBeNull();
  });
});

describe('which rescue session is offered', () => {
  it('offers one mind-body and one aerobic session by day', () => {
    const picks = chooseSessions(catalogue, base, ranking);
    expect(picks.map((s) => s.modality).sort()).toEqual(['aerobic', 'mindbody']);
  });
  it('at night or indoors only mind-body', () => {
    for (const input of [
      { ...base, night: true },
      { ...base, setting: 'indoors' as const },
    ]) {
      expect(eligibleSessions(catalogue, input).every((s) => s.modality === 'mindbody' && !s.outdoors)).toBe(
        true,
      );
    }
  });
  it('not cleared: light sessions only', () => {
    expect(eligibleSessions(catalogue, { ...base, cleared: false }).every((s) => s.light)).toBe(true);
  });
  it("the patient's own record steers the choice", () => {
    const picks = chooseSessions(catalogue, { ...base, stats: { cycle15: { n: 2, totalDrop: 8 } } }, ranking);
    expect(picks[0]!.id).toBe('cycle15');
  });
  it('the weights are content: a clinician can let a liked kind outrank a small own drop', () => {
    const input = { ...base, likes: ['mindbody' as const], stats: { cycle15: { n: 1, totalDrop: 1 } } };
    // as shipped: a 1-point drop (10 + 1) outranks liking mind-body (5)
    expect(chooseSessions(catalogue, input, ranking)[0]!.id).toBe('cycle15');
    const likesFirst = { ...ranking, likedModality: 20 };
    expect(chooseSessions(catalogue, input, likesFirst)[0]!.modality).toBe('mindbody');
  });
});
