/**
 * Start-up stopped for a reason its message explains in full, with what to do about it (Redis
 * refused or unreachable, Telegram refused or unreachable). `npm start` prints the message alone
 * on one line and exits 1: a stack trace would only bury it.
 */
export class StartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
