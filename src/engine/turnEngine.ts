/**
 * The turn engine: one path for every inbound event. Load the patient's snapshot, apply the event
 * to the machine (pure), commit the new snapshot with the turn's history and outbox in one step,
 * then perform the outbox (messages, alerts, schedule changes). A crash after the commit is
 * recovered by {@link TurnEngine.recover}, so no turn is ever half done.
 */
import { initialTransition } from 'xstate';
import type { FlowContent } from '../../flows/content/schema.js';
import type { Intent } from '../../flows/intents.js';
import {
  createPatientMachine,
  FLOW_VERSION,
  type PatientMachine,
} from '../../flows/machine/patientMachine.js';
import type { PatientContext, PatientEvent } from '../../flows/machine/types.js';
import type { Clock } from '../clock.js';
import type { DeliveryQueue } from '../delivery/deliveryQueue.js';
import type { I18n } from '../i18n.js';
import { localeFromLanguageCode } from '../i18n.js';
import type { Logger } from '../log.js';
import { fileSubject } from '../model/fileSubject.js';
import type { Scheduler } from '../scheduling/scheduler.js';
import type {
  AuditStore,
  Claims,
  OutboxStore,
  PatientLocks,
  PatientStore,
  StoreConnection,
} from '../store/ports.js';
import { ConflictError, type PatientDoc } from '../store/records.js';
import { ChannelQueries } from './channelQueries.js';
import { crisisFirst } from './crisisFirst.js';
import { CrisisWithoutStore, selfHarmText } from './crisisWithoutStore.js';
import { NoChannelError } from './delivery.js';
import { deliveryFailure } from './deliveryError.js';
import { argumentAnswer, interpret } from './interpret.js';
import { MachineStepper } from './machineStep.js';
import { patientCode } from './patientCode.js';
import type { AlertSink, Delivery, TurnHandler } from './ports.js';
import { Reachability, whileUnreachable } from './reachability.js';
import { persist, restore } from './snapshot.js';
import { planTurn } from './turnPlan.js';
import type { Address, Inbound, InboundTurn, Locale, OutboundMessage } from './types.js';

/** Builds the message for a `chart` intent (the progress service); optional. */
export type ChartRenderer = (
  patientId: string,
  locale: Locale,
  opts: { days: 14 | 30; weekly?: boolean },
) => Promise<OutboundMessage>;

/**
 * The store ports a turn uses: the patient's document and history, their lock, the outbox its
 * commit leaves, the audit of an erasure, and the claims channels ask for.
 */
export type TurnEngineStore = PatientStore &
  PatientLocks &
  OutboxStore &
  AuditStore &
  Claims &
  Pick<StoreConnection, 'available'>;

/** What the engine needs. */
export interface TurnEngineDeps {
  store: TurnEngineStore;
  scheduler: Scheduler;
  delivery: Delivery;
  alerts: AlertSink;
  i18n: I18n;
  content: FlowContent;
  clock: Clock;
  log: Logger;
  defaults: { locale: Locale; timezone: string };
  charts?: ChartRenderer;
  /** Builds a patient's data export in a language (`/export`); null when they are not stored. */
  exports?: (patientId: string, locale: Locale) => Promise<OutboundMessage | null>;
  /** The rate-limited queue for messages that are not replies (check-ins, reminders); optional. */
  queue?: DeliveryQueue;
  /**
   * How long a turn with self-harm words may go uncommitted before the crisis reply is sent
   * without the store (default `CRISIS_WAIT_MS`, crisisFirst.ts; tests shorten it).
   */
  crisisWaitMs?: number;
  /** Called after each turn with its duration in ms (metrics). */
  onTurn?: (ms: number, outcome: TurnOutcome, err?: unknown) => void;
}

const MAX_CONFLICT_RETRIES = 5;
/** How many delivery ids a patient's document remembers for de-duplication. */
const RECENT_DELIVERIES = 32;

/**
 * How a turn ended: `duplicate`, a re-delivery already committed; `undelivered`, committed but a
 * reply still waits in the outbox (the platform failed to take it); `error`, not committed.
 */
export type TurnOutcome = 'ok' | 'duplicate' | 'undelivered' | 'error';

/** The turn engine. */
export class TurnEngine implements TurnHandler {
  readonly machine: PatientMachine;
  private readonly stepper: MachineStepper;
  private readonly crisisWithoutStore: CrisisWithoutStore;
  private readonly queries: ChannelQueries;
  /** The outbox sweep under way, if any (see {@link TurnEngine.recover}). */
  private recovering: Promise<number> | undefined;
  /** Patients whose chat refused a message for good are marked unreachable after the turn. */
  private readonly reachability: Reachability;
  /** Machine snapshots by the persisted object committed for them (weak: gone with the document). */
  private readonly committed = new WeakMap<object, NonNullable<ReturnType<typeof restore>['snapshot']>>();

  constructor(private readonly deps: TurnEngineDeps) {
    this.crisisWithoutStore = new CrisisWithoutStore(deps);
    this.reachability = new Reachability({ store: deps.store, log: deps.log, turns: () => this });
    this.queries = new ChannelQueries(deps.store, deps.log);
    this.machine = createPatientMachine(deps.content);
    this.stepper = new MachineStepper(this.machine, {
      locale: deps.defaults.locale,
      timezone: deps.defaults.timezone,
    });
  }

  /** Sets the chart renderer once the progress service exists. */
  setCharts(charts: ChartRenderer): void {
    this.deps.charts = charts;
  }

  /** True when `message` holds self-harm words (a turn would answer it with the crisis reply). */
  isUrgent(message: Inbound): boolean {
    return selfHarmText(message, this.deps.content) !== undefined;
  }

  /** The patient's stored language, or undefined (see {@link ChannelQueries.storedLocale}). Never throws. */
  storedLocale(patientId: string): Promise<Locale | undefined> {
    return this.queries.storedLocale(patientId);
  }

  /** True the first time `key` is claimed within `ttlSeconds` (see {@link ChannelQueries.claimOnce}). */
  claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    return this.queries.claimOnce(key, ttlSeconds);
  }

  /** Runs one whole turn. Bad input never throws; a store outage does (so webhooks answer 5xx). */
  async handle(turn: InboundTurn): Promise<void> {
    const started = performance.now();
    const { store } = this.deps;
    let outcome: TurnOutcome = 'ok';
    let failure: unknown;
    let committed = false;
    // Safety does not wait for the store (crisisFirst.ts).
    const crisisWatch = crisisFirst(turn, {
      urgent: (m) => this.isUrgent(m),
      reply: (t) => this.crisisWithoutStore.reply(t),
      storeAvailable: () => store.available?.() ?? true,
      committed: () => committed,
      waitMs: this.deps.crisisWaitMs,
    });
    try {
      await store.withPatientLock(turn.patientId, async () => {
        for (let attempt = 0; ; attempt++) {
          try {
            const applied = await this.applyTurn(turn);
            turn.onCommitted?.();
            // A timer of a patient erased meanwhile, or held while they cannot be reached.
            if (applied === 'erased' || applied === 'held') return;
            committed = applied === 'committed';
            if (!committed) {
              outcome = 'duplicate';
              return;
            }
            await this.performPending(turn.patientId);
            return;
          } catch (err) {
            if (err instanceof ConflictError && attempt < MAX_CONFLICT_RETRIES) continue;
            throw err;
          }
        }
      });
    } catch (err) {
      // Committed, but a reply could not be sent yet (it waits in the outbox): the turn itself
      // did not fail, and the webhook answered 200. Only an uncommitted turn is an error.
      outcome = committed ? 'undelivered' : 'error';
      failure = err;
      // Safety does not wait for the store: self-harm words get the crisis lines now (once).
      if (!committed) await this.crisisWithoutStore.reply(turn);
      throw err;
    } finally {
      crisisWatch.stop();
      this.deps.onTurn?.(performance.now() - started, outcome, failure);
    }
    await this.reachability.afterTurn(turn.patientId);
  }

  /**
   * The platform refused a message to the patient for good (blocked, the chat gone): see
   * {@link Reachability.markUnreachable}. Never throws.
   */
  markUnreachable(patientId: string, at?: Address): Promise<void> {
    return this.reachability.markUnreachable(patientId, at);
  }

  /**
   * Loads, transitions and commits. Says `duplicate` for a delivery already committed, `erased`
   * for a timer of a patient who is no longer stored, and `held` for a timer held while the
   * patient cannot be reached (nothing is written).
   */
  private async applyTurn(turn: InboundTurn): Promise<'committed' | 'duplicate' | 'erased' | 'held'> {
    const { store, clock, i18n, content, defaults, log } = this.deps;
    const now = clock.now();
    const loaded = await store.loadPatient(turn.patientId);
    // A timer never starts a patient: its job came due as the patient was erased (by /delete or
    // the retention sweep, which holds the lock this turn waited for); greeting them would store
    // them again.
    if (loaded.status === 'missing' && turn.message.kind === 'timer') return 'erased';
    const firstLocale = localeFromLanguageCode(turn.languageCode, defaults.locale);
    const existing = loaded.status === 'ok' ? loaded.doc : undefined;
    const partial = loaded.status === 'corrupt' ? loaded.partial : existing;
    const locale: Locale = partial?.locale ?? firstLocale;
    // Until the patient picks a zone, the deployment's (DEFAULT_TIMEZONE): a guess from the language
    // would give an English speaker in a Shanghai clinic the US crisis lines.
    const input = { locale, timezone: defaults.timezone };

    const intents: Intent[] = [];
    const collect = (actions: { type: string; params?: unknown }[]) => {
      for (const a of actions)
        if (a.type === 'xstate.emit') intents.push((a.params as { event: Intent }).event);
    };

    let snapshot: ReturnType<typeof restore>['snapshot'] = null;
    let fresh = loaded.status === 'missing';
    // The document this engine committed last time (the store hands back the same object when
    // the stored text is unchanged): its machine snapshot is known, no need to validate and resolve.
    const known =
      existing?.flowVersion === FLOW_VERSION ? this.committed.get(existing.snapshot as object) : undefined;
    if (known) snapshot = known;
    else if (loaded.status !== 'missing') {
      const r = restore(
        this.machine,
        partial?.snapshot,
        loaded.status === 'ok' ? loaded.doc.flowVersion : undefined,
        input,
        content.thresholds,
      );
      snapshot = r.snapshot;
      if (r.recovered) {
        log.warn({ patient: partial?.code, status: loaded.status }, 'snapshot recovered at a safe point');
        intents.push({ type: 'say', text: { key: 'common.recovered' } });
      }
    }
    // What a new patient's machine says first (the welcome and the consent question).
    let greeting: Intent[] = [];
    if (!snapshot) {
      const [initial, actions] = initialTransition(this.machine, input);
      snapshot = initial;
      const said = intents.length;
      collect(actions);
      greeting = intents.splice(said);
      fresh = true;
    }

    // A re-delivered update (webhook retry) whose turn was already committed is not applied twice.
    const deliveryKey = turn.deliveryId ? `${turn.address.channel}:${turn.deliveryId}` : undefined;
    if (deliveryKey && existing?.recentDeliveries?.includes(deliveryKey)) return 'duplicate';

    // Unreachable: the clock's check-ins wait; the patient's own message makes them reachable first.
    const reach = whileUnreachable(snapshot.context as PatientContext, turn.message);
    if (reach === 'held') return 'held';
    if (reach === 'reachable') {
      const [next, actions] = this.stepper.step(snapshot, { type: 'REACHABLE', now });
      snapshot = next;
      collect(actions);
    }

    const interpreted = interpret(snapshot.context, turn.message, content, i18n, now);
    // A timer learns when the patient was last heard from (their last message, kept with the document).
    const event: PatientEvent =
      turn.message.kind === 'timer'
        ? ({ ...interpreted, heardAt: partial?.lastMessageAt ?? null } as PatientEvent)
        : interpreted;
    // A first message only gets the welcome, unless it is a crisis (safety is global). Then the
    // crisis reply comes first and alone (docs/tone.md#a-crisis): the welcome is held back, and the
    // consent question it would have asked comes with the welcome when the patient continues.
    if (!(fresh && event.type === 'CRISIS')) intents.push(...greeting);
    if (!fresh || event.type === 'CRISIS') {
      const asked = (snapshot.context as PatientContext).ask;
      const [next, actions] = this.stepper.step(snapshot, event);
      snapshot = next;
      collect(actions);
      // `/craving 8`: the argument answers the question the command opened, which is then not shown.
      const answer = argumentAnswer(event, asked, snapshot.context as PatientContext, content, i18n, now);
      if (answer) {
        const shown = intents.findLastIndex((x) => x.type === 'say' && x.ask?.id === answer.askId);
        if (shown >= 0) intents.splice(shown, 1);
        const [after, more] = this.stepper.step(snapshot, answer.event);
        snapshot = after;
        collect(more);
      }
    }

    const context = snapshot.context as PatientContext;
    const revision = existing?.revision ?? 0;
    const doc: PatientDoc = {
      schemaVersion: 1,
      patientId: turn.patientId,
      code: partial?.code ?? (await this.newCode(turn.patientId)),
      flowVersion: FLOW_VERSION,
      snapshot: persist(snapshot as { value: unknown; context: PatientContext }),
      revision: revision + 1,
      locale: context.locale,
      // Keep the newest address (Teams references change) but never lose one we had.
      address: turn.message.kind === 'timer' && partial?.address ? partial.address : turn.address,
      displayName: context.profile.shareName
        ? (turn.displayName?.slice(0, 100) ?? partial?.displayName)
        : undefined,
      createdAt: partial?.createdAt ?? now,
      lastMessageAt: turn.message.kind === 'timer' ? (partial?.lastMessageAt ?? now) : now,
      recentDeliveries: deliveryKey
        ? [...(existing?.recentDeliveries ?? []), deliveryKey].slice(-RECENT_DELIVERIES)
        : existing?.recentDeliveries,
    };
    const { history, outbox } = planTurn(this.deps.i18n, intents, doc, now, turn.message.kind === 'timer');
    await store.commitTurn({
      doc,
      expectedRevision: loaded.status === 'ok' ? revision : (partial?.revision ?? 0),
      history,
      outbox,
    });
    this.committed.set(doc.snapshot as object, snapshot);
    return 'committed';
  }

  /**
   * Performs a patient's pending outbox items in order; each is completed once done. It is the
   * last step of a turn: the store may release the patient's lock together with the last item.
   */
  async performPending(patientId: string): Promise<void> {
    const { store, delivery, scheduler, alerts, log } = this.deps;
    const items = await store.pendingOutbox(patientId);
    // Alerts do not queue behind the patient's messages: a reply stuck in retries (the patient's
    // chat failing) must not keep counsellors from hearing of a crisis. Each starts at once and is
    // awaited, and completed, in its place; a failed one stays in the outbox (raising is idempotent).
    const raised = new Map<string, Promise<void>>();
    for (const item of items) {
      if (item.kind !== 'alert') continue;
      const raising = alerts.raise(item.alert);
      raising.catch(() => undefined); // awaited below, or retried with the outbox
      raised.set(item.id, raising);
    }
    for (const [i, item] of items.entries()) {
      switch (item.kind) {
        case 'message':
          if (item.queued && this.deps.queue)
            await this.deps.queue.enqueue(item.id, item.address, item.message);
          else await this.deliverOrDrop(patientId, () => delivery.send(item.address, item.message));
          break;
        case 'alert':
          await raised.get(item.id);
          break;
        case 'scheduleCheckin':
          await scheduler.setDailyCheckin(patientId, {
            time: item.time,
            timezone: item.timezone,
            pausedUntil: item.pausedUntil,
            reminderAfterMinutes: item.reminderAfterMinutes,
          });
          break;
        case 'scheduleEvent':
          await scheduler.scheduleOnce(patientId, item.key, item.at, {
            target: 'patient',
            patientId,
            event: item.event as never,
          });
          break;
        case 'cancelEvent':
          await scheduler.cancel(patientId, item.key);
          break;
        case 'chart': {
          const message = await this.chartMessage(patientId, item.locale, item.days, item.weekly);
          await this.deliverOrDrop(patientId, () => delivery.send(item.address, message));
          break;
        }
        case 'export': {
          const message = await this.deps.exports?.(patientId, item.locale);
          if (message) await this.deliverOrDrop(patientId, () => delivery.send(item.address, message));
          break;
        }
        case 'erase':
          if (item.keepOpenAlerts) {
            // Not set up (declined, under age): nothing is scheduled but the open alerts' re-alerts,
            // and those stay, as do the alerts, until a counsellor acknowledges them.
            await store.deletePatient(patientId, { keepOpenAlerts: true });
          } else {
            // Counsellors are told before the alerts go: a live Acknowledge button on an erased
            // patient's alert would lead nowhere.
            await alerts.patientErased?.(patientId);
            await scheduler.cancelAll(patientId);
            await store.deletePatient(patientId);
          }
          // Files a channel wrote for them (the console's charts and exports) go too.
          await delivery.eraseFiles?.(fileSubject(patientId));
          await store.appendAudit({ at: this.deps.clock.now(), kind: 'erase' });
          log.info('patient data erased on request');
          return;
      }
      // Nothing follows the last item: the store may end the turn (release its lock) with it.
      await store.completeOutbox(patientId, item.id, { endsTurn: i === items.length - 1 });
    }
  }

  /**
   * Sends, or gives up on a permanent failure (the patient blocked the bot, the chat is gone, the
   * platform is not configured) so one undeliverable message never blocks the patient's later
   * turns. A temporary failure throws: the item stays in the outbox and is retried. A recipient
   * gone is remembered: the patient is marked unreachable when the turn is over.
   */
  private async deliverOrDrop(patientId: string, send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (err) {
      const failure = deliveryFailure(err);
      if (!(err instanceof NoChannelError) && failure.retryable) throw err;
      if (failure.gone) this.reachability.noteRefused(patientId);
      this.deps.log.warn(
        { err: (err as Error).name, reason: (err as Error).message },
        'message dropped: permanent delivery failure',
      );
    }
  }

  private async chartMessage(
    patientId: string,
    locale: Locale,
    days: number,
    weekly?: boolean,
  ): Promise<OutboundMessage> {
    const d = days >= 30 ? 30 : 14;
    if (this.deps.charts) return this.deps.charts(patientId, locale, { days: d, weekly });
    return { text: this.deps.i18n.t(locale, 'common.noChart') };
  }

  /**
   * Performs the outbox items left behind: a crashed process committed them but never sent them,
   * or a temporary failure stopped them (the periodic sweep). One patient whose chat keeps failing
   * does not stop the others; the failures are reported together at the end. A sweep asked for
   * while one is under way joins it, so slow sweeps do not pile up.
   */
  recover(): Promise<number> {
    this.recovering ??= this.recoverAll().finally(() => {
      this.recovering = undefined;
    });
    return this.recovering;
  }

  private async recoverAll(): Promise<number> {
    const ids = await this.deps.store.patientsWithPendingOutbox();
    let failed = 0;
    let first: unknown;
    for (const id of ids) {
      try {
        await this.deps.store.withPatientLock(id, () => this.performPending(id));
      } catch (err) {
        failed++;
        first ??= err;
      }
      await this.reachability.afterTurn(id);
    }
    if (failed === 0) return ids.length;
    const e = first instanceof Error ? first : new Error(String(first));
    throw new Error(
      `${failed} of ${ids.length} patients' outbox items could not be sent (${e.name}: ${e.message})`,
      {
        cause: first,
      },
    );
  }

  private async newCode(patientId: string): Promise<string> {
    for (let salt = 0; ; salt++) {
      const code = patientCode(salt);
      const owner = await this.deps.store.findPatientByCode(code);
      if (!owner || owner === patientId) return code;
    }
  }
}
