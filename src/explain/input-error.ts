/** A plan that could not be read: what was expected, and the line where reading stopped. */
export class PlanInputError extends Error {
  constructor(
    readonly expected: string,
    readonly line: number,
    readonly found: string,
  ) {
    const shown = found.length > 60 ? `${found.slice(0, 57)}...` : found;
    super(`expected ${expected} at line ${line}${shown ? `, found: ${shown}` : ''}`);
    this.name = 'PlanInputError';
  }
}
