/**
 * Errors that say where: a failure while synthesizing names the file (and the declaration, when the
 * offline model was describing one), so the run's error and /jobs point at the input that broke it.
 */
import { isDeterministic } from '../platform/jobs/failedAttempt';

export interface SymbolAt {
  name: string;
  startLine: number;
}

/** A failure while processing one file of the repository. */
export class FileSynthesisError extends Error {
  constructor(
    readonly file: string,
    readonly symbol: SymbolAt | null,
    /** True when the same input fails the same way again (the offline model is deterministic). */
    readonly deterministic: boolean,
    cause: unknown,
  ) {
    const what = cause instanceof Error ? cause.message : String(cause);
    const where = `${file}${symbol ? ` (declaration ${symbol.name ? `\`${symbol.name}\`` : 'without a name'} at line ${symbol.startLine})` : ''}`;
    super(`Could not synthesize ${where}: ${what}${deterministic ? ' This is a bug in Retrace met on this file; please report it with the file.' : ''}`, { cause });
    this.name = 'FileSynthesisError';
  }
}

const symbolOf = new WeakMap<object, SymbolAt>();

/** Runs `work` for one declaration; an error escaping it remembers the declaration. */
export function describingSymbol<T>(symbol: SymbolAt, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (typeof err === 'object' && err !== null && !symbolOf.has(err)) symbolOf.set(err, { name: symbol.name, startLine: symbol.startLine });
    throw err;
  }
}

/** The declaration an error escaped from (see describingSymbol), if any. */
export function symbolOfError(err: unknown): SymbolAt | null {
  return typeof err === 'object' && err !== null ? (symbolOf.get(err) ?? null) : null;
}

/** Runs `work` for one file; an error escaping it becomes a FileSynthesisError naming the file (and declaration). */
export async function synthesizingFile<T>(file: string, deterministic: boolean, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof FileSynthesisError) throw err;
    throw new FileSynthesisError(file, symbolOfError(err), deterministic || isDeterministic(err), err);
  }
}
