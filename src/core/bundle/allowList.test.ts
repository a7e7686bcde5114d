import { describe, expect, it } from 'vitest';
import { BUILTIN_LAYER_CLASSES, checkTopology, snakeCase } from './allowList';

/** A one-Dense Sequential topology whose Dense config gets `extra` merged in. */
function dense(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    class_name: 'Sequential',
    config: {
      name: 'm',
      layers: [
        {
          class_name: 'Dense',
          config: { name: 'd', units: 2, batch_input_shape: [null, 3], ...extra },
        },
      ],
    },
  };
}

describe('the layer allow-list', () => {
  it('spells keys in snake_case for the checks', () => {
    expect(snakeCase('kernelInitializer')).toBe('kernel_initializer');
    expect(snakeCase('recurrent_activation')).toBe('recurrent_activation');
  });

  it('accepts a plain Dense layer', () => {
    expect(() => checkTopology(dense({ activation: 'relu' }), BUILTIN_LAYER_CLASSES)).not.toThrow();
  });

  it('checks camelCase helper keys as it checks snake_case ones', () => {
    for (const key of ['kernel_initializer', 'kernelInitializer', 'biasRegularizer', 'kernelConstraint']) {
      for (const value of [
        'Dense',
        { class_name: 'Adam', config: {} },
        { class_name: 'Object', config: {} },
      ]) {
        expect(() => checkTopology(dense({ [key]: value }), BUILTIN_LAYER_CLASSES), key).toThrow(
          /model.json layers\[0\].config.\w+/,
        );
      }
    }
    const glorot = { class_name: 'GlorotUniform', config: { seed: null } };
    expect(() => checkTopology(dense({ kernelInitializer: glorot }), BUILTIN_LAYER_CLASSES)).not.toThrow();
  });

  it('checks camelCase activations as snake_case ones', () => {
    expect(() => checkTopology(dense({ recurrentActivation: 'Dense' }), BUILTIN_LAYER_CLASSES)).toThrow(
      /recurrentActivation names activation "Dense", which is not on the allow-list/,
    );
  });
});
