import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  activity,
  BOT,
  CHANNEL_BASE,
  CHANNEL_THREAD,
  COUNSELLOR,
  type Harness,
  startHarness,
} from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ TEAMS_ALLOW_ANONYMOUS: 'true', COUNSELLOR_ENROL_CODE: 'enrol-code-2026-x' });
});
afterEach(async () => {
  await h.stop();
});

const inChannel = (o: { text?: string; value?: unknown; locale?: string }) =>
  activity({
    serviceUrl: h.connector.url,
    conversation: CHANNEL_THREAD,
    user: COUNSELLOR,
    mention: o.text !== undefined,
    ...o,
  });

describe('Teams channels and group chats belong to counsellors', () => {
  it('routes "@Dongyu counsellor <code>" to the desk as the enrolment command, mention stripped', async () => {
    const res = await h.post(inChannel({ text: '<at>Dongyu</at> counsellor enrol-code-2026-x' }));
    expect(res.status).toBe(200);
    expect(h.engine.turns).toHaveLength(0);
    expect(h.desk.inputs).toHaveLength(1);
    const input = h.desk.inputs[0]!;
    expect(input.message).toEqual({ kind: 'command', name: 'counsellor', args: 'enrol-code-2026-x' });
    expect(input.actor).toEqual({ id: COUNSELLOR.aadObjectId, name: COUNSELLOR.name });
    // The channel, not the thread, is the destination; its reference starts new posts there.
    expect(input.address).toMatchObject({ channel: 'teams', conversationId: CHANNEL_BASE });
    expect(input.address.reference).toMatchObject({
      conversation: { id: CHANNEL_BASE, conversationType: 'channel' },
      bot: BOT,
      serviceUrl: h.connector.url,
    });
    expect((input.address.reference as { user?: unknown }).user).toBeUndefined();
  });

  it('routes a wrong code to the desk too (the desk refuses and logs it)', async () => {
    await h.post(inChannel({ text: '<at>Dongyu</at> counsellor wrong-code' }));
    expect(h.desk.inputs.map((i) => i.message)).toEqual([
      { kind: 'command', name: 'counsellor', args: 'wrong-code' },
    ]);
  });

  it('accepts the slash form and the Chinese alias of the enrolment command', async () => {
    await h.post(inChannel({ text: '<at>Dongyu</at> /counsellor enrol-code-2026-x' }));
    await h.post(inChannel({ text: '<at>Dongyu</at> 咨询师 enrol-code-2026-x', locale: 'zh-CN' }));
    expect(h.desk.inputs.map((i) => i.message)).toEqual([
      { kind: 'command', name: 'counsellor', args: 'enrol-code-2026-x' },
      { kind: 'command', name: 'counsellor', args: 'enrol-code-2026-x' },
    ]);
    expect(h.desk.inputs[1]!.languageCode).toBe('zh-CN');
  });

  it('sends counsellor commands from unregistered chats to the desk, which refuses and audits them', async () => {
    await h.post(inChannel({ text: '<at>Dongyu</at> patients' }));
    expect(h.desk.inputs.map((i) => i.message)).toEqual([{ kind: 'command', name: 'patients', args: '' }]);
  });

  it('introduces itself to other chatter in an unregistered channel and tells the desk nothing', async () => {
    await h.post(inChannel({ text: '<at>Dongyu</at> hello there' }));
    expect(h.desk.inputs).toHaveLength(0);
    expect(h.engine.turns).toHaveLength(0);
    const [text] = h.connector.texts(CHANNEL_BASE);
    expect(text).toContain('@Dongyu counsellor');
    expect(h.connector.to(CHANNEL_BASE)[0]!.kind).toBe('send');
  });

  it('tells the desk when the bot is removed from a channel (not when someone else leaves)', async () => {
    const removal = (id: string) =>
      activity({
        serviceUrl: h.connector.url,
        type: 'conversationUpdate',
        conversation: CHANNEL_THREAD,
        user: COUNSELLOR,
        membersRemoved: [{ id }],
      });
    await h.post(removal(COUNSELLOR.id));
    expect(h.desk.removed).toEqual([]);
    await h.post(removal(BOT.id));
    expect(h.desk.removed.map((a) => [a.channel, a.conversationId])).toEqual([['teams', CHANNEL_BASE]]);
    expect(h.connector.texts(CHANNEL_BASE)).toEqual([]);
    expect(h.engine.turns).toHaveLength(0);
  });

  it("removed from a team (told in its General channel only), the bot ends the team's other channels too", async () => {
    const team = { team: { id: '19:general@thread.tacv2' }, channel: { id: CHANNEL_BASE } };
    // Enrolling in a channel keeps its team with the reference.
    await h.post(
      activity({
        serviceUrl: h.connector.url,
        conversation: CHANNEL_THREAD,
        user: COUNSELLOR,
        mention: true,
        text: '<at>Dongyu</at> counsellor enrol-code-2026-x',
        channelData: team,
      }),
    );
    const enrolled = h.desk.inputs[0]!.address;
    expect(enrolled.reference).toMatchObject({ teamId: '19:general@thread.tacv2' });
    await h.post(
      activity({
        serviceUrl: h.connector.url,
        type: 'conversationUpdate',
        conversation: { ...CHANNEL_THREAD, id: '19:general@thread.tacv2' },
        user: COUNSELLOR,
        membersRemoved: [{ id: BOT.id }],
        channelData: { team: team.team, eventType: 'teamMemberRemoved' },
      }),
    );
    expect(h.desk.removed.map((a) => a.conversationId)).toEqual(['19:general@thread.tacv2']);
    const sameTeam = h.desk.removedGroups[0]!;
    expect(sameTeam(enrolled)).toBe(true);
    const otherTeam = {
      ...enrolled,
      reference: { ...(enrolled.reference as object), teamId: '19:other@thread.tacv2' },
    };
    expect(sameTeam(otherTeam)).toBe(false);
    expect(sameTeam({ channel: 'telegram', conversationId: '-100' })).toBe(false);
  });

  it('introduces itself in Chinese when added to a Chinese team', async () => {
    await h.post(
      activity({
        serviceUrl: h.connector.url,
        type: 'conversationUpdate',
        conversation: CHANNEL_THREAD,
        user: COUNSELLOR,
        locale: 'zh-CN',
        membersAdded: [{ id: BOT.id }],
      }),
    );
    expect(h.connector.texts(CHANNEL_BASE)).toEqual([
      [
        '大家好，我是Dongyu。我以一对一的方式陪伴患者，患者请在私聊中和我对话。',
        '咨询师如需在这个频道接收风险预警，请发送“@Dongyu counsellor”，后面加上登记码。',
      ].join('\n'),
    ]);
    expect(h.engine.turns).toHaveLength(0);
  });

  describe('in a registered counsellor channel', () => {
    beforeEach(() => {
      h.desk.registered.add(CHANNEL_BASE);
    });

    it('passes commands and text to the desk', async () => {
      await h.post(inChannel({ text: '<at>Dongyu</at> reply P-7F3K Call me when you can' }));
      await h.post(inChannel({ text: '<at>Dongyu</at> /patient P-7F3K' }));
      await h.post(inChannel({ text: '<at>Dongyu</at> thanks' }));
      expect(h.desk.inputs.map((i) => i.message)).toEqual([
        { kind: 'command', name: 'reply', args: 'P-7F3K Call me when you can' },
        { kind: 'command', name: 'patient', args: 'P-7F3K' },
        { kind: 'text', text: 'thanks' },
      ]);
    });

    it('turns the alert card’s Acknowledge submit into the ack command', async () => {
      await h.post(inChannel({ value: { action: 'ack', alertId: 'A12' } }));
      await h.post(inChannel({ value: { askId: 'ack', value: 'A13' } }));
      expect(h.desk.inputs.map((i) => i.message)).toEqual([
        { kind: 'command', name: 'ack', args: 'A12' },
        { kind: 'command', name: 'ack', args: 'A13' },
      ]);
      expect(h.desk.inputs[0]!.actor.name).toBe(COUNSELLOR.name);
    });

    it('refuses a malformed card payload politely and tells the desk nothing', async () => {
      await h.post(inChannel({ value: { action: 'ack', alertId: '<b>x</b>' } }));
      await h.post(inChannel({ value: 'ack' }));
      expect(h.desk.inputs).toHaveLength(0);
      expect(h.connector.texts(CHANNEL_BASE)).toHaveLength(2);
      expect(h.connector.texts(CHANNEL_BASE)[0]).toContain('That button could not be read');
    });

    it('delivers an alert card with an Acknowledge action to the channel and edits it after', async () => {
      await h.post(inChannel({ text: '<at>Dongyu</at> counsellor enrol-code-2026-x' }));
      const destination = h.desk.inputs[0]!.address;
      h.connector.clear();
      const ref = await h.ctx.delivery.send(destination, {
        text: '🔴 Urgent · P-7F3K\nReason: self-harm words (14:02)',
        buttons: [{ label: 'Acknowledge', data: 'ack:A12' }],
      });
      const [post] = h.connector.to(CHANNEL_BASE);
      expect(post).toMatchObject({ kind: 'send', conversationId: CHANNEL_BASE });
      await h.ctx.delivery.edit(ref!, { text: '🔴 Urgent · P-7F3K\n✅ Dr Li 14:05' });
      expect(h.connector.to(CHANNEL_BASE)[1]).toMatchObject({ kind: 'update', activityId: post!.responseId });
    });
  });
});
