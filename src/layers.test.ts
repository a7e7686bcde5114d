/**
 * The import direction is a lint rule (eslint.config.js, `LAYERS`): an import that climbs against it fails
 * `npm test`. These snippets are linted as if they sat in each layer, wrong way and right way.
 */
import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: ROOT });

async function importErrors(file: string, from: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import * as wrongOrRight from '${from}';\nvoid wrongOrRight;\n`, {
    filePath: path.join(ROOT, file),
  });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layers lint rule', () => {
  it.each([
    ['src/core/x.ts', '../ui/App'],
    ['src/core/predict/x.ts', '../../workers/classifyProtocol'],
    ['src/core/predict/x.ts', '../../state/store'],
    ['src/core/x.ts', '../browser/decodeAudio'],
    ['src/core/x.ts', '../node/decodeFile'],
    ['src/core/x.ts', 'node:fs'],
    ['src/core/x.ts', 'react'],
    ['src/browser/x.ts', '../workers/classifyClient'],
    ['src/browser/x.ts', '../state/store'],
    ['src/workers/x.ts', '../state/training'],
    ['src/workers/x.ts', '../ui/classify/classifyService'],
    ['src/state/x.ts', '../ui/App'],
    ['src/ui/classify/x.ts', '../../node/decodeFile'],
    ['src/ui/x.tsx', '../cli/classify'],
    ['src/node/x.ts', '../cli/args'],
    ['src/node/x.ts', '../browser/decodeAudio'],
    ['src/cli/x.ts', '../workers/trainProtocol'],
    ['src/cli/x.ts', '../state/training'],
    ['src/core/x.test.ts', '../ui/App'],
    ['src/state/x.test.ts', '../ui/App'],
  ])('%s may not import %s', async (file, from) => {
    const errors = await importErrors(file, from);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/layer/);
  });

  it.each([
    ['src/core/predict/x.ts', '../audio/signal'],
    ['src/core/x.ts', '@tensorflow/tfjs'],
    ['src/browser/x.ts', '../core/audio/signal'],
    ['src/workers/x.ts', '../browser/tfSetup'],
    ['src/workers/x.ts', '../core/predict/songUnits'],
    ['src/state/x.ts', './ui'],
    ['src/state/x.ts', '../workers/classifyProtocol'],
    ['src/ui/classify/x.ts', '../../state/store'],
    ['src/ui/classify/x.ts', '../../workers/classifyClient'],
    ['src/node/x.ts', '../core/audio/signal'],
    ['src/cli/x.ts', '../node/decodeFile'],
    ['src/cli/x.ts', '../core/predict/applyBundle'],
    ['src/core/x.test.ts', '../node/tf'],
    ['scripts/x.ts', '../src/ui/App'],
  ])('%s may import %s', async (file, from) => {
    expect(await importErrors(file, from)).toEqual([]);
  });
});
