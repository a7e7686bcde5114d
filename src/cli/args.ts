/** A small, strict command-line parser: `--flag value`, `--flag=value`, repeated flags, positional files. */
export interface ParsedArgs {
  flags: Map<string, string[]>;
  booleans: Set<string>;
  positional: string[];
}

export class UsageError extends Error {}

/**
 * `valueFlags` take a value; `booleanFlags` do not. Anything else starting with `--` is an error naming it,
 * so that a typo never silently changes what runs.
 */
export function parseArgs(argv: string[], valueFlags: string[], booleanFlags: string[] = []): ParsedArgs {
  const flags = new Map<string, string[]>();
  const booleans = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (booleanFlags.includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      booleans.add(name);
    } else if (valueFlags.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith('--')))
        throw new UsageError(`--${name} needs a value`);
      flags.set(name, [...(flags.get(name) ?? []), value]);
    } else {
      throw new UsageError(`Unknown option --${name}`);
    }
  }
  return { flags, booleans, positional };
}

/** The last value given for a flag, or the fallback. */
export function flagValue(args: ParsedArgs, name: string): string | undefined {
  const values = args.flags.get(name);
  return values?.[values.length - 1];
}

export function numberFlag(
  args: ParsedArgs,
  name: string,
  fallback: number,
  check: (n: number) => boolean,
): number {
  const raw = flagValue(args, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n)) throw new UsageError(`Invalid --${name}: ${raw}`);
  return n;
}

/** Runs a CLI's main, printing errors as one line on stderr with exit code 2 (usage) or 1 (failure). */
export function runCli(main: () => Promise<void>, usage: string): void {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message}\n`);
    if (error instanceof UsageError) process.stderr.write(`${usage}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  });
}
