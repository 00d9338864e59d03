/**
 * Caseloads on Redis (issue 23), shared by every instance: a hash patient → owning chat, a set of
 * patients per chat (`<prefix>caseload:of:<chat>`, named by the counsellor chat: never a patient),
 * the intake rotation's chats and its turn counter. Keys in `redisKeys.ts`, scripts in
 * `caseloadScripts.ts`.
 */
import type { Redis } from 'ioredis';
import { ASSIGN, ASSIGN_IN_TURN } from './caseloadScripts.js';
import type { CaseloadStore } from './ports.js';
import type { RedisKeys } from './redisKeys.js';
import { runScript } from './redisScripts.js';

/** Caseloads on Redis. */
export class RedisCaseloads implements CaseloadStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async ownerOf(patientId: string): Promise<string | null> {
    return this.redis.hget(this.keys.caseloadOwners, patientId);
  }

  assignPatient(patientId: string, chat: string): Promise<string | null> {
    return this.assign(patientId, chat);
  }

  unassignPatient(patientId: string): Promise<string | null> {
    return this.assign(patientId, '');
  }

  private async assign(patientId: string, chat: string): Promise<string | null> {
    const k = this.keys;
    const before = await runScript(
      this.redis,
      ASSIGN,
      [k.caseloadOwners],
      [patientId, chat, k.caseloadOfPrefix],
    );
    return typeof before === 'string' ? before : null;
  }

  async caseloadOf(chat: string): Promise<string[]> {
    return this.redis.smembers(this.keys.caseloadOf(chat));
  }

  async setIntake(chat: string, on: boolean): Promise<void> {
    if (on) await this.redis.sadd(this.keys.caseloadIntake, chat);
    else await this.redis.srem(this.keys.caseloadIntake, chat);
  }

  async intakeChats(): Promise<string[]> {
    return (await this.redis.smembers(this.keys.caseloadIntake)).sort();
  }

  async assignInTurn(patientId: string, chats: string[]): Promise<string | null> {
    const k = this.keys;
    const owner = await runScript(
      this.redis,
      ASSIGN_IN_TURN,
      [k.caseloadOwners, k.caseloadTurn],
      [patientId, k.caseloadOfPrefix, ...chats],
    );
    return typeof owner === 'string' ? owner : null;
  }
}
