/**
 * The intake rotation through the whole app (issue 23): a chat that takes intake is given each new
 * patient at their first message, before anything they said is alerted about, so even a crisis as
 * the very first message goes to that chat first.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { COUNSELLORS, Harness } from '../support/patientHarness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a chat taking intake', () => {
  it('owns each new patient from their first message, a first-message crisis included', async () => {
    h = await Harness.create({ DEFAULT_LOCALE: 'en' });
    await h.app.desk.handle({
      address: COUNSELLORS,
      actor: { id: 'c1', name: 'Counsellor' },
      message: { kind: 'command', name: 'intake', args: 'on' },
    });
    const first = h.patient('console:first', 'en');
    await first.send({ kind: 'hello' });
    expect(await h.store.ownerOf(first.id)).toBe('console:counsellors');

    const crisis = h.patient('console:crisis', 'en');
    await crisis.say('I want to kill myself');
    expect(await h.store.ownerOf(crisis.id)).toBe('console:counsellors');
    const [alert] = await h.store.listAlerts({ patientId: crisis.id });
    expect(alert?.level).toBe('urgent');
    expect(alert?.sentTo.map((r) => r.address.conversationId)).toEqual(['counsellors']);
    const assigned = (await h.store.listAudit()).filter((e) => e.kind === 'assign');
    expect(assigned.map((e) => e.actor)).toEqual(['system', 'system']);
    expect(assigned[0]!.detail).toMatch(/^to console#[\w-]{16} \(intake in turn\)$/);
  });

  it('leaves new patients unassigned when no chat takes intake', async () => {
    h = await Harness.create();
    const p = h.patient('console:nobody', 'en');
    await p.send({ kind: 'hello' });
    expect(await h.store.ownerOf(p.id)).toBeNull();
  });
});
