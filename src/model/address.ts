/**
 * Where a person or group is reached, on which platform, and where a message went: the
 * platform-neutral addresses the engine, the store, escalation and the channels all share.
 */

/** The chat platforms Dongyu speaks. */
export type ChannelName = 'telegram' | 'teams' | 'console';

/**
 * Where a person or group can be reached. `conversationId` is the platform's chat id. Teams keeps
 * its conversation reference in `reference` (opaque to everything outside `src/channels/teams/`).
 */
export interface Address {
  channel: ChannelName;
  conversationId: string;
  userId?: string;
  reference?: unknown;
}

/** What a channel returns after sending: enough to edit the message later (alerts). */
export interface SentRef {
  address: Address;
  messageId: string;
}
