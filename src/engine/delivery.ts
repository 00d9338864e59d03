/** Routes outbound messages to the channel an address belongs to. */
import type { Delivery } from './ports.js';
import type { Address, Channel, ChannelName, ChatMenu, OutboundMessage, SentRef } from './types.js';

/** No channel is registered for an address's platform. */
export class NoChannelError extends Error {
  constructor(readonly channel: ChannelName) {
    super(
      `No '${channel}' channel is running, so a message for it cannot be sent. Configure that platform or remove the destination.`,
    );
    this.name = 'NoChannelError';
  }
}

/** The default {@link Delivery}: a registry of channels by name. */
export class ChannelDelivery implements Delivery {
  private readonly channels = new Map<ChannelName, Channel>();

  register(channel: Channel): void {
    this.channels.set(channel.name, channel);
  }

  canReach(address: Address): boolean {
    return this.channels.has(address.channel);
  }

  private channelFor(address: Address): Channel {
    const c = this.channels.get(address.channel);
    if (!c) throw new NoChannelError(address.channel);
    return c;
  }

  async send(address: Address, message: OutboundMessage): Promise<SentRef | undefined> {
    return this.channelFor(address).send(address, message);
  }

  async edit(ref: SentRef, message: OutboundMessage): Promise<void> {
    await this.channelFor(ref.address).edit?.(ref, message);
  }

  async showMenu(address: Address, menu: ChatMenu | null): Promise<void> {
    await this.channels.get(address.channel)?.showMenu?.(address, menu);
  }

  canSendFiles(address: Address): boolean {
    return this.channels.get(address.channel)?.canSendFiles?.(address) ?? true;
  }

  async eraseFiles(subject: string): Promise<void> {
    for (const channel of this.channels.values()) await channel.eraseFiles?.(subject);
  }
}
