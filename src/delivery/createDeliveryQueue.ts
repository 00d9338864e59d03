/**
 * Picks the delivery queue for the configuration: BullMQ (shared by every instance) with
 * `REDIS_URL`, the in-process queue otherwise.
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Delivery } from '../engine/ports.js';
import type { Logger } from '../log.js';
import { createBullmqDeliveryQueue } from './bullmqDeliveryQueue.js';
import type { DeliveryQueue, GoneListener, SentListener } from './deliveryQueue.js';
import { InProcessDeliveryQueue } from './inProcessDeliveryQueue.js';

/**
 * Creates the delivery queue for `config`; `onSent` hears about every message that went out,
 * `onGone` about every message refused because its recipient is gone.
 */
export function createDeliveryQueue(
  config: Config,
  delivery: Delivery,
  clock: Clock,
  log?: Logger,
  onSent?: SentListener,
  onGone?: GoneListener,
): DeliveryQueue {
  return config.REDIS_URL
    ? createBullmqDeliveryQueue(config, delivery, log, { onSent, onGone })
    : new InProcessDeliveryQueue(delivery, clock, { log, onSent, onGone });
}
