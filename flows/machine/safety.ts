/**
 * Safety is global (docs/clinical-protocol.md#escalation): self-harm words or PHQ-9 item 9 above 0 → the
 * crisis reply with the numbers for the patient's region and an urgent alert; a medical red flag during a
 * session → stop, emergency numbers, urgent alert. Afterwards the conversation goes on.
 */
import type { FlowContent, Trigger } from '../content/schema.js';
import { sessionEntry } from '../history.js';
import type { AlertIntent, Params, Text } from '../intents.js';
import { regionFor } from '../rules/crisisRegion.js';
import { patientSetup, withParams } from './setup.js';
import type { PatientContext } from './types.js';

/** The alert intent for a trigger, with its level from the escalation table in `flows/content`. */
export function alertFor(
  content: FlowContent,
  trigger: Trigger,
  toldPatient: string[],
  params?: Params,
): AlertIntent {
  const row = content.escalation.triggers.find((t) => t.reason === trigger);
  if (!row) throw new Error(`flows/content/escalation.json has no trigger "${trigger}"; add it.`);
  return { type: 'alert', level: row.level, reason: `alerts.reason.${row.reason}`, toldPatient, params };
}

/**
 * The patient's crisis-number region, from their time zone (until they pick one, the deployment's
 * `DEFAULT_TIMEZONE`). The numbers are then said in their language.
 */
export const regionOf = (context: PatientContext) => regionFor(context.profile.timezone);

/** The crisis lines of the region a time zone is in (the `numbers` param). */
const crisisNumbersIn = (timezone: string): Params => ({ numbers: `@safety.numbers.${regionFor(timezone)}` });

/**
 * The `numbers` param of any text that shows the crisis lines (`safety.crisis`, `help.patient`):
 * one region lookup, so every place that shows them agrees.
 */
export const crisisNumbers = (context: PatientContext): Params => crisisNumbersIn(context.profile.timezone);

/**
 * The crisis reply for a time zone's region. Also what the engine sends, with the deployment's
 * zone, when self-harm words come while the store cannot be reached.
 */
export const crisisReply = (timezone: string): Text => ({
  key: 'safety.crisis',
  params: crisisNumbersIn(timezone),
});

/** The `numbers` param of the texts that give the emergency number alone (a medical red flag). */
const emergencyNumbers = (context: PatientContext): Params => ({
  numbers: `@safety.emergency.${regionOf(context)}`,
});

/**
 * The crisis reply and the urgent alert. When a question was pending, it is kept and a Continue
 * button offered (`continuePrompt` says what Continue leads to); `park` also parks the next
 * question the flow is about to ask (PHQ-9 item 9).
 */
export function crisis(
  content: FlowContent,
  trigger: 'selfHarm' | 'phq9Item9',
  park = false,
  continuePrompt = 'safety.continuePrompt',
) {
  return patientSetup.enqueueActions(({ context, event, enqueue }) => {
    enqueue.emit({ type: 'say', text: crisisReply(context.profile.timezone) });
    // The alert says why (docs/safety.md#what-counsellors-see): what the reader found, or a yes.
    const why = event.type === 'CRISIS' ? event.why : undefined;
    enqueue.emit(alertFor(content, trigger, ['safety.told.crisis'], why ? { why } : undefined));
    // A direct question about risk still open is answered by this: no "unanswered" alert follows.
    if (context.riskCheck) {
      enqueue.emit({ type: 'cancelEvent', key: 'riskCheck' });
      enqueue.assign({ riskCheck: null });
    }
    const pending = context.ask && context.ask.field !== 'resume' && context.ask.field !== 'riskCheck';
    const interrupted = pending ? context.ask : context.saved;
    if (!interrupted && !park) return;
    const seq = context.seq + 1;
    enqueue.assign({
      seq,
      saved: interrupted,
      hold: park,
      ask: {
        id: seq.toString(36),
        field: 'resume',
        kind: 'choice',
        prompt: { key: continuePrompt },
        options: [{ value: 'continue', label: { key: 'safety.continue' } }],
      },
    });
    enqueue.emit({
      type: 'say',
      text: { key: continuePrompt },
      ask: {
        id: seq.toString(36),
        kind: 'choice',
        options: [{ value: 'continue', label: { key: 'safety.continue' } }],
      },
    });
  });
}

/**
 * Ends the current session at once (docs/clinical-protocol.md#escalation: urgent → "stop exercising"): its
 * step timer is cancelled, so no later step arrives unprompted, and it is recorded, cut short unless every
 * step was done. The question it asked goes too; the caller moves to idle.
 */
export function endSession(content: FlowContent) {
  return patientSetup.enqueueActions(({ context, event, enqueue }) => {
    enqueue.emit({ type: 'cancelEvent', key: 'session' });
    const s = context.session;
    const session = s && content.sessions.sessions.find((x) => x.id === s.id);
    if (s && session) {
      enqueue.emit({
        type: 'record',
        entry: sessionEntry(event.now, s, session, { completed: s.completed === true }),
      });
    }
    enqueue.assign({ session: null, ask: null, saved: null, before: null });
  });
}

/**
 * A medical red flag during or right after a session: stop, emergency numbers, urgent alert, and
 * a word on how to start again when the patient is ready.
 */
export function redFlag(content: FlowContent) {
  return patientSetup.enqueueActions(({ context, event, enqueue }) => {
    enqueue(endSession(content));
    enqueue.assign({ redFlagAt: event.now });
    enqueue.emit({
      type: 'say',
      text: { key: 'safety.redFlag', params: emergencyNumbers(context) },
    });
    const why = event.type === 'RED_FLAG' ? event.why : undefined;
    enqueue.emit(alertFor(content, 'medicalRedFlag', ['safety.told.redFlag'], why ? { why } : undefined));
    enqueue.emit({ type: 'say', text: { key: 'session.stoppedForSafety' } });
  });
}

/**
 * Chest pain, fainting or breathlessness mentioned outside a session (docs/clinical-protocol.md#escalation
 * escalates them during one): not an alert, but never a shrug either. The emergency number for their
 * region, a word against exercising until it has passed (the caller asks the pending question again).
 */
export function healthWorry() {
  return patientSetup.enqueueActions(({ context, event, enqueue }) => {
    enqueue.assign({ redFlagAt: event.now });
    enqueue.emit({
      type: 'say',
      text: { key: 'safety.healthWorry', params: emergencyNumbers(context) },
    });
  });
}

/** The crisis reply's parameters: what raised it, whether it parks the next question, what Continue leads to. */
export interface CrisisParams {
  trigger: 'selfHarm' | 'phq9Item9';
  /** Also park the question the flow asks next (PHQ-9 item 9: the questionnaire waits). */
  park?: boolean;
  /** The words of the Continue question (before consent: Continue brings the welcome). */
  continuePrompt?: string;
}

/** An alert's parameters: its trigger (the level is the escalation table's) and what the patient was told. */
export interface AlertParams {
  trigger: Trigger;
  told: string[];
}

/** The named actions of safety (see `machineSetup.ts`). */
export function safetyActions(content: FlowContent) {
  return {
    /** The crisis reply and the urgent alert (see {@link crisis}). */
    crisis: withParams<CrisisParams>(({ enqueue }, p) =>
      enqueue(crisis(content, p.trigger, p.park, p.continuePrompt)),
    ),
    endSession: endSession(content),
    redFlag: redFlag(content),
    healthWorry: healthWorry(),
    /** An alert with no parameters of its own: the trigger and what the patient was told. */
    alert: withParams<AlertParams>(({ enqueue }, p) => enqueue.emit(alertFor(content, p.trigger, p.told))),
    /** Cancels a scheduled event by key (a session's step timer). */
    cancelTimer: withParams<{ key: string }>(({ enqueue }, { key }) =>
      enqueue.emit({ type: 'cancelEvent', key }),
    ),
    /**
     * Erases everything about the patient, last. `keepOpenAlerts`: not set up (declined, under
     * age), so an alert raised before stays with the counsellors until acknowledged.
     */
    erase: withParams<{ keepOpenAlerts?: true }>(({ enqueue }, p) =>
      enqueue.emit(p?.keepOpenAlerts ? { type: 'erase', keepOpenAlerts: true } : { type: 'erase' }),
    ),
    /** The help, ending with the crisis lines of the patient's region, as a crisis reply gives them. */
    sayHelp: patientSetup.emit(({ context }) => ({
      type: 'say' as const,
      text: { key: 'help.patient', params: crisisNumbers(context) },
    })),
  };
}
