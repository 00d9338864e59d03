/**
 * Conversation references: what Teams needs to message a conversation later (proactively). One is
 * kept in every Teams {@link Address} (`address.reference`) and stored with the patient or the
 * counsellor destination. It is validated on the way out, because it comes back from storage.
 */
import { z } from 'zod';
import type { Address } from '../../engine/types.js';

const account = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
});

/** The parts of a Bot Framework ConversationReference that proactive sending uses. */
export const conversationReferenceSchema = z.object({
  channelId: z.string().min(1),
  serviceUrl: z.string().regex(/^https?:\/\//, 'an http(s) service URL'),
  conversation: z.looseObject({
    id: z.string().min(1),
    conversationType: z.string().optional(),
    isGroup: z.boolean().optional(),
    tenantId: z.string().optional(),
  }),
  bot: account,
  user: account.optional(),
  locale: z.string().optional(),
  /** The team a channel belongs to (Teams tells only the General channel when the bot leaves it). */
  teamId: z.string().optional(),
});

/** A validated conversation reference. */
export type StoredReference = z.infer<typeof conversationReferenceSchema>;

/** Reads an address's reference; null when it is missing or not a Teams reference. */
export function referenceOf(address: Address): StoredReference | null {
  const parsed = conversationReferenceSchema.safeParse(address.reference);
  return parsed.success ? parsed.data : null;
}

/**
 * The conversation id to address a chat by: a channel thread (`19:...@thread.tacv2;messageid=1`)
 * belongs to its channel, so alerts start a new post there and the channel is one destination.
 */
export function baseConversationId(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}

/** The minimal activity fields a reference is built from. */
export interface ReferenceSource {
  channelId?: string;
  serviceUrl?: string;
  locale?: string;
  conversation?: {
    id?: string;
    conversationType?: string;
    isGroup?: boolean;
    tenantId?: string;
    name?: string;
  };
  recipient?: { id?: string; name?: string };
  from?: { id?: string; aadObjectId?: string; name?: string };
  /** Teams' own fields; a channel's activities carry its team. */
  channelData?: unknown;
}

/** The team id of a team channel's activity, if it has one. */
export function teamIdOf(activity: ReferenceSource): string | undefined {
  const id = (activity.channelData as { team?: { id?: unknown } } | null | undefined)?.team?.id;
  return typeof id === 'string' && id ? id : undefined;
}

/** True when `address` is a Teams chat of the team `teamId` (by the reference kept with it). */
export function inTeam(address: Address, teamId: string): boolean {
  return address.channel === 'teams' && referenceOf(address)?.teamId === teamId;
}

/**
 * Builds the reference to keep for a conversation. Drops the activity id (proactive messages are
 * not replies), the person's display name (not needed to reach them) and, for group
 * conversations, the person altogether (the reference is the chat's, not theirs).
 */
export function referenceFrom(activity: ReferenceSource, group: boolean): StoredReference | null {
  const c = activity.conversation;
  const candidate = {
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    locale: activity.locale,
    conversation: {
      id: c?.id === undefined ? undefined : baseConversationId(c.id),
      conversationType: c?.conversationType,
      isGroup: c?.isGroup,
      tenantId: c?.tenantId,
    },
    bot: { id: activity.recipient?.id, name: activity.recipient?.name },
    user: group ? undefined : { id: activity.from?.id, aadObjectId: activity.from?.aadObjectId },
    teamId: group ? teamIdOf(activity) : undefined,
  };
  const parsed = conversationReferenceSchema.safeParse(JSON.parse(JSON.stringify(candidate)));
  return parsed.success ? parsed.data : null;
}
