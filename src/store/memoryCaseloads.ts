/** The memory store's caseloads (issue 23): the in-memory equivalent of `redisCaseloads.ts`. */
import type { CaseloadStore } from './ports.js';

/** Caseloads in this process's memory. */
export class MemoryCaseloads implements CaseloadStore {
  private readonly owners = new Map<string, string>();
  private readonly intake = new Set<string>();
  private turn = 0;

  async ownerOf(patientId: string): Promise<string | null> {
    return this.owners.get(patientId) ?? null;
  }

  async assignPatient(patientId: string, chat: string): Promise<string | null> {
    const before = this.owners.get(patientId) ?? null;
    this.owners.set(patientId, chat);
    return before;
  }

  async unassignPatient(patientId: string): Promise<string | null> {
    const before = this.owners.get(patientId) ?? null;
    this.owners.delete(patientId);
    return before;
  }

  async caseloadOf(chat: string): Promise<string[]> {
    return [...this.owners].filter(([, owner]) => owner === chat).map(([id]) => id);
  }

  async setIntake(chat: string, on: boolean): Promise<void> {
    if (on) this.intake.add(chat);
    else this.intake.delete(chat);
  }

  async intakeChats(): Promise<string[]> {
    return [...this.intake].sort();
  }

  async assignInTurn(patientId: string, chats: string[]): Promise<string | null> {
    const owner = this.owners.get(patientId);
    if (owner) return owner;
    if (!chats.length) return null;
    const chat = chats[this.turn++ % chats.length]!;
    this.owners.set(patientId, chat);
    return chat;
  }
}
