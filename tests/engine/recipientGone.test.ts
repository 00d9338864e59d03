/**
 * Which delivery failures say the recipient is gone (issue 23, unreachable patients): a send the
 * platform refuses because the person blocked the bot or the conversation no longer exists. An
 * edit's failure, a rate limit or a server error says nothing of the kind.
 */
import { describe, expect, it } from 'vitest';
import { TeamsDeliveryError } from '../../src/channels/teams/errors.js';
import { TelegramDeliveryError } from '../../src/channels/telegram/errors.js';
import { DeliveryError, deliveryFailure } from '../../src/engine/deliveryError.js';

const telegram = (method: string, code: number | undefined, description: string, retryable = false) =>
  new TelegramDeliveryError(method, code, description, undefined, retryable);

describe('deliveryFailure(...).gone', () => {
  it.each([
    ['sendMessage', 403, 'Forbidden: bot was blocked by the user', true],
    ['sendPhoto', 403, 'Forbidden: user is deactivated', true],
    ['sendDocument', 400, 'Bad Request: chat not found', true],
    ['sendMessage', 400, 'Bad Request: message is too long', false],
    ['editMessageText', 403, 'Forbidden: bot was blocked by the user', false],
    ['editMessageText', 400, 'Bad Request: message to edit not found', false],
  ] as const)('Telegram %s %i "%s" → %s', (method, code, description, gone) => {
    expect(deliveryFailure(telegram(method, code, description)).gone).toBe(gone);
  });

  it('is never set for a Telegram failure that may pass', () => {
    expect(deliveryFailure(telegram('sendMessage', 500, 'Internal Server Error', true)).gone).toBe(false);
    expect(deliveryFailure(telegram('sendMessage', undefined, 'network error', true)).gone).toBe(false);
  });

  it.each([
    ['send', 403, true],
    ['send', 404, true],
    ['send', 400, false],
    ['edit', 404, false],
    ['edit', 403, false],
  ] as const)('Teams %s %i → %s', (operation, status, gone) => {
    expect(deliveryFailure(new TeamsDeliveryError(operation, status, `HTTP ${status}`, false)).gone).toBe(
      gone,
    );
  });

  it('follows a platform-neutral DeliveryError, and is false for anything else', () => {
    expect(deliveryFailure(new DeliveryError('console', 'gone', false, undefined, true)).gone).toBe(true);
    expect(deliveryFailure(new DeliveryError('console', 500, true)).gone).toBe(false);
    expect(deliveryFailure(new Error('boom')).gone).toBe(false);
  });
});
