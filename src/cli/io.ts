/** What the train / evaluate / classify commands share: where their lines go, and whether a module is the entry. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a command writes: the process's streams for the CLI, collected lines for scripts and tests. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Whether the module at `moduleUrl` is the script Node was started with (not imported by a test or script). */
export function isEntry(moduleUrl: string): boolean {
  const started = process.argv[1];
  if (!started) return false;
  const self = fileURLToPath(moduleUrl);
  const target = path.resolve(started);
  return target === self || target === self.replace(/\.ts$/, '');
}

/** A probability or score to six decimals: enough to compare, short enough to read. */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Comma-separated values of a flag given once or several times (`--drop a,b --drop c`). */
export function listOf(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
