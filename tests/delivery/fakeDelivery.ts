/** A recording {@link Delivery} whose failures tests script. */
import type { Delivery } from '../../src/engine/ports.js';
import type { Address, OutboundMessage, SentRef } from '../../src/engine/types.js';

/** One attempt the fake saw. */
export interface Attempt {
  at: number;
  chat: string;
  text: string;
  ok: boolean;
}

/** Records sends; `failWith` decides per attempt whether to throw. */
export class FakeDelivery implements Delivery {
  readonly attempts: Attempt[] = [];
  failWith: (text: string, attempt: number) => unknown = () => undefined;

  constructor(private readonly now: () => number = Date.now) {}

  get sent(): Attempt[] {
    return this.attempts.filter((a) => a.ok);
  }

  register(): void {}
  canReach(): boolean {
    return true;
  }
  async edit(): Promise<void> {}

  async send(address: Address, message: OutboundMessage): Promise<SentRef | undefined> {
    const n = this.attempts.filter((a) => a.text === message.text).length;
    const err = this.failWith(message.text, n);
    this.attempts.push({ at: this.now(), chat: address.conversationId, text: message.text, ok: !err });
    if (err) throw err;
    return { address, messageId: String(this.attempts.length) };
  }
}

/** A Telegram address. */
export const chat = (id: string | number): Address => ({ channel: 'telegram', conversationId: String(id) });
