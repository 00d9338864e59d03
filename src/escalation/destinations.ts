/**
 * The counsellor destinations: Telegram chats from `COUNSELLOR_TELEGRAM_CHAT_IDS` (source
 * `config`) and chats enrolled with the enrol code (source `enrolled`), kept in the Store.
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Address, Locale } from '../engine/types.js';
import type { DestinationStore } from '../store/ports.js';
import type { CounsellorDestination } from '../store/records.js';

/** True when two addresses name the same chat. */
export function sameChat(a: Address, b: Address): boolean {
  return a.channel === b.channel && a.conversationId === b.conversationId;
}

/** True when a stored destination replaced the chat `c` (see {@link CounsellorDestination.movedFrom}). */
function movedAway(c: CounsellorDestination, stored: CounsellorDestination[]): boolean {
  return stored.some(
    (s) => s.movedFrom === c.address.conversationId && s.address.channel === c.address.channel,
  );
}

/** Reads and maintains the destination registry. */
export class Destinations {
  constructor(private readonly deps: { store: DestinationStore; config: Config; clock: Clock }) {}

  /** The chats configured by `COUNSELLOR_TELEGRAM_CHAT_IDS`. */
  configured(): CounsellorDestination[] {
    const { config, clock } = this.deps;
    return (config.COUNSELLOR_TELEGRAM_CHAT_IDS ?? []).map((id) => ({
      address: { channel: 'telegram', conversationId: id },
      locale: config.DEFAULT_LOCALE,
      source: 'config',
      addedAt: clock.now(),
    }));
  }

  /**
   * Registers the configured chats in the store and removes configured chats no longer listed
   * (enrolled chats are kept). Call once at start-up.
   */
  async registerConfigured(): Promise<void> {
    const { store } = this.deps;
    const existing = await store.listCounsellorDestinations();
    const wanted = this.configured().filter((c) => !movedAway(c, existing));
    for (const d of existing)
      if (d.source === 'config' && !wanted.some((w) => sameChat(w.address, d.address)))
        await store.removeCounsellorDestination(d.address);
    for (const w of wanted) {
      const present = existing.find((d) => sameChat(d.address, w.address));
      // An enrolled chat that is also configured keeps its record (and its chosen language).
      if (!present) await store.addCounsellorDestination(w);
    }
  }

  /** Every destination: the stored ones plus configured ones not yet registered. */
  async list(): Promise<CounsellorDestination[]> {
    const stored = await this.deps.store.listCounsellorDestinations();
    const missing = this.configured().filter(
      (c) => !stored.some((s) => sameChat(s.address, c.address)) && !movedAway(c, stored),
    );
    return [...stored, ...missing];
  }

  /** The destination at `address`, if it is one. */
  async find(address: Address): Promise<CounsellorDestination | undefined> {
    return (await this.list()).find((d) => sameChat(d.address, address));
  }

  /** The language of the destination at `address` (the default locale when unknown). */
  async localeOf(address: Address): Promise<Locale> {
    return (await this.find(address))?.locale ?? this.deps.config.DEFAULT_LOCALE;
  }

  /** Unregisters a chat (enrolled or configured; a configured one returns at the next start-up). */
  async unenrol(address: Address): Promise<void> {
    await this.deps.store.removeCounsellorDestination(address);
  }

  /**
   * The chat at `from` lives on at `to` (a Telegram group upgraded to a supergroup): `to` is
   * registered in its place, with its language, and `from` is no destination any more (a
   * configured one stays so in the configuration, which should be updated). Returns the
   * destination that moved, or undefined when `from` was none (or `to` was registered already).
   */
  async move(from: Address, to: Address): Promise<CounsellorDestination | undefined> {
    const { store, clock } = this.deps;
    const dest = await this.find(from);
    if (!dest || (await this.find(to))) return undefined;
    await store.addCounsellorDestination({
      address: to,
      locale: dest.locale,
      source: 'enrolled',
      addedAt: clock.now(),
      movedFrom: from.conversationId,
    });
    await store.removeCounsellorDestination(from);
    return dest;
  }

  /** Enrols a chat (or updates its language). */
  async enrol(address: Address, locale: Locale): Promise<void> {
    const { store, clock } = this.deps;
    const existing = await this.find(address);
    await store.addCounsellorDestination({
      address,
      locale,
      source: existing?.source ?? 'enrolled',
      addedAt: existing?.addedAt ?? clock.now(),
    });
  }
}
