/**
 * The question cards this instance sent and nobody has answered yet, by activity id, so that a
 * patient's answer can retire its card: the card is replaced by the same text without buttons,
 * as Telegram removes an answered keyboard. Bounded, and in this process only: an answer that
 * reaches another instance leaves the card as it is (a later press on it is answered as stale by
 * the engine).
 */
import type { Address, OutboundMessage } from '../../engine/types.js';

/** A sent question card. */
export interface OpenCard {
  address: Address;
  message: OutboundMessage;
}

/** A bounded map of activity id → the question card sent with it. */
export class OpenCards {
  private readonly cards = new Map<string, OpenCard>();

  constructor(private readonly capacity = 2_000) {}

  remember(activityId: string, card: OpenCard): void {
    this.cards.set(activityId, card);
    if (this.cards.size > this.capacity) {
      const oldest = this.cards.keys().next().value;
      if (oldest !== undefined) this.cards.delete(oldest);
    }
  }

  /** The card sent as `activityId`, forgotten as it is returned (a card is retired once). */
  take(activityId: string): OpenCard | undefined {
    const card = this.cards.get(activityId);
    this.cards.delete(activityId);
    return card;
  }
}
