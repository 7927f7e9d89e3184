/**
 * Numbers handed out in order per register (a unit, a year), six digits, like the paper register
 * books the real offices keep. A number is used up once handed out, even when the push it answered
 * is then dropped: the remote gave it to that dossier, so no other dossier may get it.
 */
export class NumberRegister {
  private readonly last = new Map<string, number>();

  /** The next number of `register`, zero-padded: 000001, 000002, ... */
  next(register: string): string {
    const next = (this.last.get(register) ?? 0) + 1;
    this.last.set(register, next);
    return String(next).padStart(6, '0');
  }

  clear(): void {
    this.last.clear();
  }
}
