/**
 * Files in Teams (issue 23, data export): a bot cannot attach a file to a message in Teams. It
 * offers the file with a consent card in the personal chat; when the person accepts, Teams sends a
 * `fileConsent/invoke` with an upload URL in their OneDrive, the bot uploads the bytes there and
 * posts a file card. Offers are kept in this process for {@link OFFER_TTL_MS}: an acceptance that
 * reaches another instance, or comes later, is told to ask again. Group chats and channels cannot
 * take a consent card (Teams' rule): there the files are not sent (see `TeamsChannel.send`).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BoundedMap } from '../../boundedMap.js';
import type { Clock } from '../../clock.js';
import type { OutboundFile } from '../../model/outboundMessage.js';

/** The attachment type of a file consent card. */
export const FILE_CONSENT_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.consent';
/** The attachment type of the card that shows an uploaded file. */
export const FILE_INFO_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.info';
/** The invoke Teams sends when a consent card is answered. */
export const FILE_CONSENT_INVOKE = 'fileConsent/invoke';
/** How long an offer can be accepted. */
export const OFFER_TTL_MS = 30 * 60_000;

/** The invoke's value, as Teams sends it. */
const consentAnswerSchema = z.object({
  type: z.literal('fileUpload'),
  action: z.enum(['accept', 'decline']),
  context: z.object({ offer: z.string().min(1).max(64) }),
  uploadInfo: z
    .object({
      uploadUrl: z.string().url(),
      contentUrl: z.string().min(1),
      name: z.string().min(1),
      uniqueId: z.string().optional(),
      fileType: z.string().optional(),
    })
    .optional(),
});

/** An activity carrying one card attachment. */
export interface CardActivity {
  type: 'message';
  attachments: { contentType: string; name?: string; contentUrl?: string; content: unknown }[];
}

/** What answering a consent card came to. */
export type ConsentOutcome =
  | { kind: 'uploaded'; card: CardActivity }
  | { kind: 'declined' }
  /** Unknown to this process, or too old: ask for the file again. */
  | { kind: 'expired' }
  | { kind: 'invalid' };

/** The files offered and not yet answered. */
export class FileOffers {
  private readonly offers = new BoundedMap<string, { file: OutboundFile; expires: number }>(500);

  constructor(
    private readonly clock: Clock,
    /** Only https upload URLs are used, unless this is a local test (`TEAMS_ALLOW_ANONYMOUS`). */
    private readonly allowHttp = false,
  ) {}

  /** The consent card for one file: Teams shows its name and size, with Allow and Decline. */
  offer(file: OutboundFile): CardActivity {
    const offer = randomUUID();
    this.offers.set(offer, { file, expires: this.clock.now() + OFFER_TTL_MS });
    return {
      type: 'message',
      attachments: [
        {
          contentType: FILE_CONSENT_CONTENT_TYPE,
          name: file.name,
          content: {
            description: file.name,
            sizeInBytes: file.bytes.length,
            acceptContext: { offer },
            declineContext: { offer },
          },
        },
      ],
    };
  }

  /** Handles the answer to a consent card: uploads the file when it was accepted. */
  async answer(value: unknown): Promise<ConsentOutcome> {
    const parsed = consentAnswerSchema.safeParse(value);
    if (!parsed.success) return { kind: 'invalid' };
    const { action, context, uploadInfo } = parsed.data;
    const offered = this.offers.take(context.offer);
    if (action === 'decline') return { kind: 'declined' };
    if (!offered || offered.expires < this.clock.now()) return { kind: 'expired' };
    if (!uploadInfo) return { kind: 'invalid' };
    const url = new URL(uploadInfo.uploadUrl);
    if (url.protocol !== 'https:' && !(this.allowHttp && url.protocol === 'http:'))
      return { kind: 'invalid' };
    const { bytes } = offered.file;
    const res = await fetch(url, {
      method: 'PUT',
      headers: {
        'content-length': String(bytes.length),
        'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}`,
      },
      body: bytes,
    });
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok)
      throw new Error(`uploading an offered file failed (HTTP ${res.status}); the person can ask again`);
    return {
      kind: 'uploaded',
      card: {
        type: 'message',
        attachments: [
          {
            contentType: FILE_INFO_CONTENT_TYPE,
            name: uploadInfo.name,
            contentUrl: uploadInfo.contentUrl,
            content: { uniqueId: uploadInfo.uniqueId, fileType: uploadInfo.fileType },
          },
        ],
      },
    };
  }
}
