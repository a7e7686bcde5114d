import { describe, expect, it } from 'vitest';
import { activateBackend, chooseBackend, describeBackend, isSoftwareRenderer } from './backend';

describe('chooseBackend', () => {
  const gpu = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)';
  const swiftShader =
    'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';

  it('recognises software renderers by name', () => {
    expect(isSoftwareRenderer(swiftShader)).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.7, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer(gpu)).toBe(false);
    expect(isSoftwareRenderer(null)).toBe(false);
  });

  it('prefers WebGL on a real GPU, WASM when WebGL is software or missing, CPU last', () => {
    expect(chooseBackend({ hasWebgl: true, renderer: gpu }).order).toEqual(['webgl', 'wasm', 'cpu']);
    expect(chooseBackend({ hasWebgl: true, renderer: swiftShader }).order).toEqual(['wasm', 'cpu']);
    expect(chooseBackend({ hasWebgl: false }).order).toEqual(['wasm', 'cpu']);
    expect(chooseBackend({ hasWebgl: false, hasWasm: false }).order).toEqual(['cpu']);
    expect(chooseBackend({ hasWebgl: true, renderer: swiftShader }).reason).toContain('software-rendered');
  });

  it('keeps conv training off WASM, which lacks Conv2DBackpropFilter', () => {
    expect(chooseBackend({ hasWebgl: true, renderer: gpu, needsConvTraining: true }).order).toEqual([
      'webgl',
      'cpu',
    ]);
    expect(chooseBackend({ hasWebgl: true, renderer: swiftShader, needsConvTraining: true }).order).toEqual([
      'cpu',
      'webgl',
    ]);
    expect(chooseBackend({ hasWebgl: false, needsConvTraining: true }).order).toEqual(['cpu']);
  });

  it('honours a chosen backend when it can do the job, and says why not when it cannot', () => {
    const webgl = chooseBackend({ hasWebgl: true, renderer: swiftShader, prefer: 'webgl' });
    expect(webgl.order).toEqual(['webgl', 'wasm', 'cpu']);
    expect(webgl.reason).toMatch(/^WEBGL, as chosen \(automatic would pick WASM: WebGL is software-rendered/);
    expect(chooseBackend({ hasWebgl: true, renderer: gpu, prefer: 'cpu' }).order).toEqual([
      'cpu',
      'webgl',
      'wasm',
    ]);
    const noGl = chooseBackend({ hasWebgl: false, prefer: 'webgl' });
    expect(noGl.order).toEqual(['wasm', 'cpu']);
    expect(noGl.reason).toBe(
      'WebGL is not available here, so automatic: no WebGL: WASM (SIMD where available)',
    );
    const conv = chooseBackend({ hasWebgl: true, renderer: gpu, needsConvTraining: true, prefer: 'wasm' });
    expect(conv.order).toEqual(['webgl', 'cpu']);
    expect(conv.reason).toContain('WASM cannot train convolutions');
    expect(chooseBackend({ hasWebgl: false, prefer: 'auto' })).toEqual(chooseBackend({ hasWebgl: false }));
  });

  it('activateBackend skips unregistered backends and names why none started', async () => {
    await expect(activateBackend([])).rejects.toThrow('Expected at least one backend to try, got none');
    expect(await activateBackend(['wasm' as never, 'cpu'])).toBe('cpu');
  });
});

describe('describeBackend', () => {
  const swiftShader =
    'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
  const gpu = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)';

  it('names the backend in plain words, never the raw GPU string', () => {
    expect(describeBackend('webgl', { renderer: swiftShader })).toBe('WebGL (software, slow)');
    expect(describeBackend('webgl', { renderer: gpu })).toBe('WebGL (GPU)');
    expect(describeBackend('wasm', { wasmSimd: true })).toBe('WASM (CPU, SIMD)');
    expect(describeBackend('wasm', { wasmSimd: false })).toBe('WASM (CPU)');
    expect(describeBackend('cpu')).toBe('Plain JavaScript (CPU)');
  });

  it('keeps the renderer string out of the reasons people read', () => {
    for (const caps of [
      { hasWebgl: true, renderer: swiftShader },
      { hasWebgl: true, renderer: swiftShader, needsConvTraining: true },
      { hasWebgl: true, renderer: swiftShader, prefer: 'webgl' as const },
    ]) {
      expect(chooseBackend(caps).reason).not.toContain('ANGLE');
      expect(chooseBackend(caps).reason).toContain('software-rendered (no GPU)');
    }
  });
});
