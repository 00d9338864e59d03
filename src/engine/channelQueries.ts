/**
 * What a channel may ask the engine besides a turn: a patient's language (for the few words a
 * channel says itself) and a one-time claim (for platform updates that are no patient's turn).
 * Channels ask here, never the store.
 */
import type { Logger } from '../log.js';
import type { Locale } from '../model/locale.js';
import type { Claims, PatientStore } from '../store/ports.js';

/** The store reads a channel's questions need. */
export type ChannelQueryStore = Pick<PatientStore, 'loadPatient'> & Pick<Claims, 'claimOnce'>;

/** Answers a channel's questions from the store. */
export class ChannelQueries {
  constructor(
    private readonly store: ChannelQueryStore,
    private readonly log: Logger,
  ) {}

  /**
   * The language the patient chose, as stored (also read from a document too damaged to resume);
   * undefined for someone who is not a patient, or when the store cannot be read (logged: the
   * caller then uses the platform's language). Never throws.
   */
  async storedLocale(patientId: string): Promise<Locale | undefined> {
    try {
      const loaded = await this.store.loadPatient(patientId);
      if (loaded.status === 'ok') return loaded.doc.locale;
      if (loaded.status === 'corrupt') return loaded.partial.locale;
      return undefined;
    } catch (err) {
      this.log.warn({ err }, "could not read the patient's stored language; using the platform's");
      return undefined;
    }
  }

  /**
   * True the first time `key` is claimed within `ttlSeconds` (de-duplicates re-delivered platform
   * updates that never reach a patient's turn). Throws when the store cannot be reached, so the
   * platform delivers the update again.
   */
  claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    return this.store.claimOnce(key, ttlSeconds);
  }
}
