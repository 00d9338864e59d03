/**
 * Benchmark patients: one English and one Chinese patient are onboarded through the real app (the
 * test harness), and their stored documents are cloned under new ids, addresses and codes. Seeding
 * clones straight through the store keeps the setup of 100,000 patients to seconds.
 */
import type { HistoryEntry } from '../flows/history.js';
import { patientCode } from '../src/engine/patientCode.js';
import type { Address } from '../src/engine/types.js';
import type { PatientDoc, Store } from '../src/store/store.js';
import { Harness, onboard } from '../tests/support/patientHarness.js';

/** An onboarded patient's stored state, ready to clone. */
export interface Template {
  doc: PatientDoc;
  history: HistoryEntry[];
}

/** The two templates: an English and a Chinese patient in `active.idle`, check-in at 21:00 Shanghai. */
export interface Templates {
  en: Template;
  zh: Template;
}

/** Onboards one patient per language through the real app and returns their stored state. */
export async function onboardedTemplates(): Promise<Templates> {
  const h = await Harness.create();
  try {
    const read = async (id: string): Promise<Template> => {
      const loaded = await h.store.loadPatient(id);
      if (loaded.status !== 'ok') throw new Error(`Onboarding the template patient ${id} failed.`);
      return { doc: loaded.doc, history: await h.store.getHistory(id) };
    };
    await onboard(h.patient('console:template-en', 'en'));
    await onboard(h.patient('console:template-zh', 'zh-hans'), { zh: true });
    const templates = { en: await read('console:template-en'), zh: await read('console:template-zh') };
    for (const t of Object.values(templates)) {
      const state = JSON.stringify((t.doc.snapshot as { value: unknown }).value);
      if (state !== '{"active":"idle"}') throw new Error(`Template patient is in ${state}, not active.idle.`);
    }
    return templates;
  } finally {
    await h.close();
  }
}

/** Hands out pseudonymous codes that are unique within one seeding (as the engine's `newCode` does). */
export class CodeBook {
  private readonly used = new Set<string>();

  /** A random code not handed out before. */
  next(): string {
    for (let salt = 0; ; salt++) {
      const code = patientCode(salt);
      if (!this.used.has(code)) {
        this.used.add(code);
        return code;
      }
    }
  }
}

/** Who one benchmark patient is. */
export interface Identity {
  patientId: string;
  address: Address;
}

/** A copy of a template under a new identity, as if that patient had just finished onboarding at `now`. */
export function clonePatient(t: Template, who: Identity, code: string, now: number): Template {
  const doc: PatientDoc = {
    ...structuredClone(t.doc),
    patientId: who.patientId,
    address: who.address,
    code,
    revision: 1,
    createdAt: now,
    lastMessageAt: now,
  };
  delete doc.recentDeliveries;
  delete doc.displayName;
  const history = t.history.map((e) => ({ ...e, at: now }));
  return { doc, history };
}

/** Options of {@link seedPatients}. */
export interface SeedOptions {
  templates: Templates;
  /** Commits in flight at once (default 256). */
  concurrency?: number;
  now?: number;
  /** Every this-many patients is Chinese (default 2: half and half). */
  zhEvery?: number;
}

/** Telegram patients as the channel names them: user id = private chat id. */
export function telegramIdentity(userId: number): Identity {
  return {
    patientId: `telegram:${userId}`,
    address: { channel: 'telegram', conversationId: String(userId), userId: String(userId) },
  };
}

/**
 * Commits `count` cloned patients through `store.commitTurn` (document, history, code, index), the
 * same writes an onboarding's last turn makes. Resolves when all are stored.
 */
export async function seedPatients(
  store: Store,
  count: number,
  identity: (i: number) => Identity,
  options: SeedOptions,
): Promise<void> {
  const codes = new CodeBook();
  const now = options.now ?? Date.now();
  const zhEvery = options.zhEvery ?? 2;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const who = identity(i);
      const t = i % zhEvery === zhEvery - 1 ? options.templates.zh : options.templates.en;
      const { doc, history } = clonePatient(t, who, codes.next(), now);
      await store.commitTurn({ doc, expectedRevision: 0, history, outbox: [] });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 256, count) }, worker));
}
