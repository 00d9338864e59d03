import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addressSchema } from '../../../src/store/store.js';
import {
  activity,
  BOT,
  CHANNEL_BASE,
  CHANNEL_THREAD,
  COUNSELLOR,
  type Harness,
  PATIENT,
  PERSONAL,
  startHarness,
} from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

describe('a personal chat is a patient turn', () => {
  it('sends typed text to the engine with the patient id, address, language and delivery id', async () => {
    const res = await h.post(
      activity({ serviceUrl: h.connector.url, text: '  I really want to use  ', id: 'f:42' }),
    );
    expect(res.status).toBe(200);
    expect(h.engine.turns).toHaveLength(1);
    const turn = h.engine.turns[0]!;
    expect(turn.patientId).toBe(`teams:${PATIENT.aadObjectId}`);
    expect(turn.message).toEqual({ kind: 'text', text: 'I really want to use' });
    expect(turn.languageCode).toBe('en-US');
    expect(turn.deliveryId).toBe('f:42');
    expect(turn.displayName).toBe(PATIENT.name);
    expect(turn.address).toMatchObject({ channel: 'teams', conversationId: PERSONAL.id, userId: PATIENT.id });
    expect(turn.address.reference).toMatchObject({
      channelId: 'msteams',
      serviceUrl: h.connector.url,
      conversation: { id: PERSONAL.id, conversationType: 'personal', tenantId: 'tenant-1' },
      bot: BOT,
      user: { id: PATIENT.id, aadObjectId: PATIENT.aadObjectId },
    });
    // The reference keeps no display name and survives the store's schema.
    expect(JSON.stringify(turn.address.reference)).not.toContain(PATIENT.name);
    expect(addressSchema.parse(JSON.parse(JSON.stringify(turn.address)))).toEqual(turn.address);
  });

  it('falls back to the Teams user id when there is no AAD object id', async () => {
    await h.post(activity({ serviceUrl: h.connector.url, text: 'hi', user: { id: '29:no-aad' } }));
    expect(h.engine.turns[0]!.patientId).toBe('teams:29:no-aad');
  });

  it('passes the zh-CN locale through for the engine to map', async () => {
    await h.post(activity({ serviceUrl: h.connector.url, text: '你好', locale: 'zh-CN' }));
    expect(h.engine.turns[0]!.languageCode).toBe('zh-CN');
  });

  it('strips the bot @mention from the text', async () => {
    await h.post(activity({ serviceUrl: h.connector.url, text: '<at>Dongyu</at> 7', mention: true }));
    expect(h.engine.turns[0]!.message).toEqual({ kind: 'text', text: '7' });
  });

  it('reads /commands and the bare words of the Teams command menu as commands', async () => {
    for (const text of ['/checkin', '/pause 3', 'help', 'Pause 2', '/LANGUAGE']) {
      await h.post(activity({ serviceUrl: h.connector.url, text }));
    }
    expect(h.engine.turns.map((t) => t.message)).toEqual([
      { kind: 'command', name: 'checkin', args: '' },
      { kind: 'command', name: 'pause', args: '3' },
      { kind: 'command', name: 'help', args: '' },
      { kind: 'command', name: 'pause', args: '2' },
      { kind: 'command', name: 'language', args: '' },
    ]);
  });

  it('keeps sentences that start with a menu word as text', async () => {
    await h.post(activity({ serviceUrl: h.connector.url, text: 'help me please' }));
    await h.post(activity({ serviceUrl: h.connector.url, text: 'craving 8' }));
    expect(h.engine.turns.map((t) => t.message.kind)).toEqual(['text', 'text']);
  });

  it('turns a card submit into a choice', async () => {
    await h.post(activity({ serviceUrl: h.connector.url, value: { askId: 'q7', value: '8' } }));
    expect(h.engine.turns[0]!.message).toEqual({ kind: 'choice', askId: 'q7', value: '8' });
  });

  it('retires an answered question card: same text, no buttons (only cards this instance sent)', async () => {
    const question = {
      text: 'How strong is your craving right now?',
      askId: 'q7',
      buttons: [
        { label: '0', data: 'q7:0' },
        { label: '8', data: 'q7:8' },
      ],
    };
    h.engine.onTurn = async (turn) => {
      if (turn.message.kind === 'text') await h.channel!.send(turn.address, question);
    };
    await h.post(activity({ serviceUrl: h.connector.url, text: 'I feel the pull' }));
    const [sent] = h.connector.to(PERSONAL.id);
    expect(sent!.kind).toBe('send');
    const cardId = sent!.responseId;
    await h.post(
      activity({ serviceUrl: h.connector.url, value: { askId: 'q7', value: '8' }, replyToId: cardId }),
    );
    expect(h.engine.turns.at(-1)!.message).toEqual({ kind: 'choice', askId: 'q7', value: '8' });
    const updates = h.connector.to(PERSONAL.id).filter((c) => c.kind === 'update');
    expect(updates.map((u) => u.activityId)).toEqual([cardId]);
    const card = JSON.stringify(updates[0]!.activity);
    expect(card).toContain('How strong is your craving right now?');
    expect(card).not.toContain('Action.Submit');
    // A second press on it, or a press on a card this instance never sent: nothing to retire.
    await h.post(
      activity({ serviceUrl: h.connector.url, value: { askId: 'q7', value: '0' }, replyToId: cardId }),
    );
    await h.post(
      activity({
        serviceUrl: h.connector.url,
        value: { askId: 'q9', value: '1' },
        replyToId: 'act-elsewhere',
      }),
    );
    expect(h.connector.to(PERSONAL.id).filter((c) => c.kind === 'update')).toHaveLength(1);
  });

  it('reports attachments without text (images, files) as unsupported', async () => {
    await h.post(
      activity({
        serviceUrl: h.connector.url,
        attachments: [{ contentType: 'image/png', contentUrl: 'https://x/y.png' }],
      }),
    );
    await h.post(
      activity({
        serviceUrl: h.connector.url,
        text: '',
        attachments: [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'a.pdf' }],
      }),
    );
    expect(h.engine.turns.map((t) => t.message)).toEqual([
      { kind: 'unsupported', what: 'image' },
      { kind: 'unsupported', what: 'file' },
    ]);
  });

  it('reads text that came with Teams’ own text/html attachment as text', async () => {
    await h.post(
      activity({ serviceUrl: h.connector.url, text: 'ok', attachments: [{ contentType: 'text/html' }] }),
    );
    expect(h.engine.turns[0]!.message).toEqual({ kind: 'text', text: 'ok' });
  });

  it('hands text sent with an image to the engine as text (Teams has no caption of its own)', async () => {
    await h.post(
      activity({
        serviceUrl: h.connector.url,
        text: 'I want to kill myself',
        attachments: [{ contentType: 'image/png', contentUrl: 'https://x/y.png' }],
      }),
    );
    expect(h.engine.turns[0]!.message).toEqual({ kind: 'text', text: 'I want to kill myself' });
  });

  it('hands an edited message to the engine as an edit, with its new text, as a delivery of its own', async () => {
    await h.post(activity({ serviceUrl: h.connector.url, text: 'fine', id: 'f:77' }));
    const edit = (at: string) => ({
      ...activity({
        serviceUrl: h.connector.url,
        type: 'messageUpdate',
        text: 'I want to die',
        id: 'f:77',
        channelData: { eventType: 'editMessage', tenant: { id: 'tenant-1' } },
      }),
      timestamp: at,
    });
    await h.post(edit('2026-01-05T12:01:00.000Z'));
    await h.post(edit('2026-01-05T12:02:00.000Z'));
    const turns = h.engine.turns;
    expect(turns.map((t) => t.message)).toEqual([
      { kind: 'text', text: 'fine' },
      { kind: 'edited', text: 'I want to die' },
      { kind: 'edited', text: 'I want to die' },
    ]);
    // The edit keeps the message's id: it must not pass for a repeat of the message, nor two edits
    // for one.
    expect(new Set(turns.map((t) => t.deliveryId)).size).toBe(3);
  });

  it('ignores a restored (undeleted) message and counsellors’ edits in their channel', async () => {
    await h.post(
      activity({
        serviceUrl: h.connector.url,
        type: 'messageUpdate',
        text: 'back again',
        channelData: { eventType: 'undeleteMessage' },
      }),
    );
    await h.post(
      activity({
        serviceUrl: h.connector.url,
        type: 'messageUpdate',
        text: 'I want to die',
        user: COUNSELLOR,
        conversation: CHANNEL_THREAD,
        channelData: { eventType: 'editMessage', team: { id: 'team-1' }, channel: { id: CHANNEL_BASE } },
      }),
    );
    expect(h.engine.turns).toEqual([]);
    expect(h.desk.inputs).toEqual([]);
  });

  it('greets when the bot is added to a personal chat, in the language Teams reports', async () => {
    const res = await h.post(
      activity({
        serviceUrl: h.connector.url,
        type: 'conversationUpdate',
        locale: 'zh-CN',
        membersAdded: [{ id: PATIENT.id }, { id: BOT.id }],
      }),
    );
    expect(res.status).toBe(200);
    expect(h.engine.turns).toHaveLength(1);
    expect(h.engine.turns[0]).toMatchObject({
      patientId: `teams:${PATIENT.aadObjectId}`,
      languageCode: 'zh-CN',
      message: { kind: 'hello' },
    });
  });

  it('does not greet when someone else joins', async () => {
    await h.post(
      activity({ serviceUrl: h.connector.url, type: 'conversationUpdate', membersAdded: [{ id: '29:x' }] }),
    );
    expect(h.engine.turns).toHaveLength(0);
  });

  it('ignores activity types it does not use (typing, reactions, invokes)', async () => {
    for (const type of ['typing', 'messageReaction', 'installationUpdate']) {
      expect((await h.post(activity({ serviceUrl: h.connector.url, type }))).status).toBe(200);
    }
    expect(h.engine.turns).toHaveLength(0);
    expect(h.connector.calls).toHaveLength(0);
  });

  it('answers 500 when the engine fails, without echoing anything', async () => {
    h.engine.onTurn = async () => {
      throw new Error('store down');
    };
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await h.post(activity({ serviceUrl: h.connector.url, text: 'secret words' }));
    expect(res.status).toBe(500);
    expect(res.text).not.toContain('secret words');
    expect(JSON.stringify(printed.mock.calls)).not.toContain('secret words');
    printed.mockRestore();
  });
});
