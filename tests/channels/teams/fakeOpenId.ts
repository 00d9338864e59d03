/**
 * A stand-in for Bot Framework's OpenID metadata (`login.botframework.com`): an OpenID
 * configuration whose `jwks_uri` lists one RSA signing key, or a server that answers 500, or a
 * port nobody listens on. botbuilder is pointed at it through its public-cloud constant, which its
 * authentication reads when it is built, so every other rule it applies stays the real one.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthenticationConstants } from 'botframework-connector';

/** botbuilder's constants object, written to (its type says read-only; the object is not). */
const constants = AuthenticationConstants as { ToBotFromChannelOpenIdMetadataUrl: string };

/** How the fake answers. */
export type OpenIdMode = 'keys' | 'fails';

/** A running fake; {@link FakeOpenId.stop} it and {@link FakeOpenId.restore} the constant. */
export class FakeOpenId {
  /** The key Bot Framework would sign with (its public half is published). */
  readonly signingKey: KeyObject;
  readonly kid = 'fake-bf-key';
  private readonly original = AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;

  private constructor(
    private readonly server: http.Server | null,
    /** The OpenID configuration URL botbuilder fetches. */
    readonly url: string,
  ) {
    this.signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  }

  /** Starts a fake in `mode`, or (`unreachable`) names a port nobody listens on. */
  static async start(mode: OpenIdMode | 'unreachable'): Promise<FakeOpenId> {
    if (mode === 'unreachable') {
      const probe = http.createServer();
      await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
      const { port } = probe.address() as AddressInfo;
      await new Promise((r) => probe.close(r));
      return FakeOpenId.use(new FakeOpenId(null, `http://127.0.0.1:${port}/openid-${Date.now()}`));
    }
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const fake = new FakeOpenId(server, `${base}/v1/.well-known/openidconfiguration`);
    server.on('request', (req, res) => {
      if (mode === 'fails') return void res.writeHead(500).end('metadata service down');
      if (req.url?.startsWith('/v1/.well-known'))
        return void res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${base}/v1/keys` }));
      const jwk = fake.signingKey.export({ format: 'jwk' });
      const pub = { kty: 'RSA', use: 'sig', kid: fake.kid, n: jwk.n, e: jwk.e };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [pub] }));
    });
    return FakeOpenId.use(fake);
  }

  private static use(fake: FakeOpenId): FakeOpenId {
    constants.ToBotFromChannelOpenIdMetadataUrl = fake.url;
    return fake;
  }

  /** Puts botbuilder's constant back (authentication built before keeps the fake's URL). */
  restore(): void {
    constants.ToBotFromChannelOpenIdMetadataUrl = this.original;
  }

  /** An RS256 token with `claims`, signed by `key` (default: the published key) under `kid`. */
  token(claims: Record<string, unknown>, key: KeyObject = this.signingKey, kid = this.kid): string {
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${enc({ alg: 'RS256', typ: 'JWT', kid })}.${enc(claims)}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url');
    return `${unsigned}.${signature}`;
  }

  /** Another key, never published (a forger's). */
  static forgersKey(): KeyObject {
    return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  }

  async stop(): Promise<void> {
    this.restore();
    if (this.server) await new Promise((r) => this.server!.close(r));
  }
}
