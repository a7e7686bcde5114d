import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const data = path.resolve(process.cwd(), '../shared/data');

/**
 * instruments/<class>/<file>: for each class its `perClass` smallest recordings (short notes), or its largest
 * (long notes) where `classes` says `long`, copied into a temp dir outside the repository (Playwright's folder
 * upload skips symlinks); the Philharmonia samples never enter the project.
 */
export function instrumentFolder(
  classes: readonly string[] | Readonly<Record<string, 'short' | 'long'>>,
  perClass: number,
): string {
  type Length = 'short' | 'long';
  const lengths = Object.entries(
    Array.isArray(classes)
      ? Object.fromEntries((classes as readonly string[]).map((name) => [name, 'short']))
      : classes,
  ) as [string, Length][];
  const root = path.join(mkdtempSync(path.join(tmpdir(), 'oido-instruments-')), 'instruments');
  for (const [name, length] of lengths) {
    const source = path.join(data, 'instruments', name);
    const bySize = readdirSync(source)
      .filter((f) => f.endsWith('.mp3'))
      .map((f) => ({ f, size: statSync(path.join(source, f)).size }))
      .sort((a, b) => a.size - b.size || (a.f < b.f ? -1 : 1));
    const picked = length === 'short' ? bySize.slice(0, perClass) : bySize.slice(-perClass);
    mkdirSync(path.join(root, name), { recursive: true });
    for (const { f } of picked) copyFileSync(path.join(source, f), path.join(root, name, f));
  }
  return root;
}
