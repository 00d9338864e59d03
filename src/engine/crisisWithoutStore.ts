/**
 * The crisis reply when the store cannot be reached. Self-harm words are recognised without any
 * stored state, and the crisis lines need none either, so a patient who writes them during a
 * Redis outage is not left in silence until it ends: the reply goes out at once, straight to the
 * platform. The turn itself still fails (the webhook answers 5xx, polling tries again), and once
 * the store is back it runs in full: the urgent alert, the history, and the reply again in its
 * usual place. Without the patient's record, the language comes from their platform setting and
 * the region from the deployment's `DEFAULT_TIMEZONE`.
 */
import type { FlowContent } from '../../flows/content/schema.js';
import { crisisReply } from '../../flows/machine/safety.js';
import { BoundedMap } from '../boundedMap.js';
import type { I18n } from '../i18n.js';
import { localeFromLanguageCode } from '../i18n.js';
import type { Logger } from '../log.js';
import { screenedText } from './interpret.js';
import type { Delivery } from './ports.js';
import { renderSay } from './render.js';
import { screenSelfHarm } from './screen.js';
import type { Inbound, InboundTurn, Locale } from './types.js';

/**
 * The screened text of `message` when the risk reader reads it as `risk` (the crisis reply's
 * trigger). A `possible` waits for the store: its direct question needs the patient's place.
 */
export function selfHarmText(message: Inbound, content: FlowContent): string | undefined {
  const text = screenedText(message);
  return text && screenSelfHarm(text, content).outcome === 'risk' ? text : undefined;
}

/** Sends the crisis reply of a turn that could not reach the store (once per delivered update). */
export class CrisisWithoutStore {
  /** Updates already answered so: a platform's re-deliveries during the outage get it once. */
  private readonly answered = new BoundedMap<string, true>(1_000);

  constructor(
    private readonly deps: {
      content: FlowContent;
      i18n: I18n;
      delivery: Delivery;
      log: Logger;
      defaults: { locale: Locale; timezone: string };
    },
  ) {}

  /** If `turn` holds self-harm words, sends the crisis reply now. Never throws. */
  async reply(turn: InboundTurn): Promise<boolean> {
    const { content, i18n, delivery, log, defaults } = this.deps;
    const text = selfHarmText(turn.message, content);
    if (!text) return false;
    const key = `${turn.patientId}:${turn.deliveryId ?? text.slice(0, 200)}`;
    if (this.answered.get(key)) return false;
    this.answered.set(key, true);
    const locale = localeFromLanguageCode(turn.languageCode, defaults.locale);
    try {
      await delivery.send(
        turn.address,
        renderSay(i18n, locale, { type: 'say', text: crisisReply(defaults.timezone) }),
      );
      log.error(
        { channel: turn.address.channel },
        'crisis reply sent while the store is unreachable; the alert follows when the turn runs again',
      );
      return true;
    } catch (err) {
      log.error(
        { err: (err as Error).name },
        'crisis reply could not be sent while the store is unreachable',
      );
      return false;
    }
  }
}
