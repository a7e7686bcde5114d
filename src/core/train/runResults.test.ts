import { describe, expect, it } from 'vitest';
import type { SavedBundle } from '../bundle/bundle';
import {
  deleteRunArtifacts,
  getRunArtifacts,
  setRunArtifacts,
  subscribeRunArtifacts,
  type RunArtifacts,
} from './runResults';

const artifacts = (runId: string): RunArtifacts => ({
  runId,
  classNames: ['a', 'b'],
  bundle: { modelJson: {}, weights: new ArrayBuffer(8), meta: {} } as unknown as SavedBundle,
  test: { probs: Float32Array.from([0.2, 0.8]), labels: Int32Array.from([1]), ids: ['x'] },
  projection: null,
});

describe('run results service', () => {
  it('keeps artifacts by run id and tells subscribers about each change until they unsubscribe', () => {
    const seen: string[] = [];
    const stop = subscribeRunArtifacts((id) => seen.push(id));
    setRunArtifacts(artifacts('r1'));
    expect(getRunArtifacts('r1')?.test.probs[1]).toBeCloseTo(0.8);
    expect(getRunArtifacts('r2')).toBeUndefined();
    expect(deleteRunArtifacts('r1')).toBe(true);
    expect(deleteRunArtifacts('r1')).toBe(false);
    stop();
    setRunArtifacts(artifacts('r3'));
    expect(seen).toEqual(['r1', 'r1']);
    expect(getRunArtifacts('r1')).toBeUndefined();
  });
});
