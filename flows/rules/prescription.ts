/** The FITT prescription by stage and clearance (docs/clinical-protocol.md#prescription). */
import type { FlowContent, Plan, StageId } from '../content/schema.js';

/** Which plan applies: not cleared after a PAR-Q+ yes → light only, whatever the stage. */
export function planFor(
  stage: StageId,
  cleared: boolean,
  content: FlowContent['prescriptions'],
): { id: StageId | 'notCleared'; plan: Plan } {
  if (!cleared) return { id: 'notCleared', plan: content.plans.notCleared };
  return { id: stage, plan: content.plans[stage] };
}

/** Target heart-rate range in beats per minute (HRmax ≈ 220 − age), or null for light plans. */
export function heartRateRange(
  plan: Plan,
  age: number,
  content: FlowContent['prescriptions'],
): [number, number] | null {
  if (!plan.heartRate) return null;
  const max = content.hrMaxFromAge - age;
  return [Math.round(max * plan.heartRate[0]), Math.round(max * plan.heartRate[1])];
}
