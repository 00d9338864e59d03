/** Outbox item ids name their patient, so a queued message refused for good finds its patient again. */
import { describe, expect, it } from 'vitest';
import { patientOfOutboxItem, planTurn } from '../../src/engine/turnPlan.js';
import { I18n } from '../../src/i18n.js';
import type { PatientDoc } from '../../src/store/store.js';

const doc = (patientId: string): PatientDoc => ({
  schemaVersion: 1,
  patientId,
  code: 'P-7F3K',
  flowVersion: 1,
  snapshot: {},
  revision: 12,
  locale: 'en',
  address: { channel: 'telegram', conversationId: '777' },
  createdAt: Date.UTC(2026, 2, 2),
  lastMessageAt: Date.UTC(2026, 2, 2),
});

describe('patientOfOutboxItem', () => {
  it.each(['telegram:777', 'teams:aad-1234', 'teams:29:1AbC-def', 'console:local'])(
    'reads %s back from the ids planTurn gives',
    (patientId) => {
      const { outbox } = planTurn(
        new I18n(),
        [
          { type: 'say', text: { key: 'common.yes' } },
          { type: 'cancelEvent', key: 'x' },
        ],
        doc(patientId),
        Date.UTC(2026, 2, 2),
        true,
      );
      expect(outbox).toHaveLength(2);
      for (const item of outbox) expect(patientOfOutboxItem(item.id)).toBe(patientId);
    },
  );

  it('is undefined for ids of another shape (alert copies, relays)', () => {
    expect(patientOfOutboxItem('al:k3f9a2q1:0:telegram.-100')).toBeUndefined();
    expect(patientOfOutboxItem('rl:P-7F3K:1772424000000:0d6c-uuid')).toBeUndefined();
    expect(patientOfOutboxItem('')).toBeUndefined();
  });
});
