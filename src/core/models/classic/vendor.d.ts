// Types for the parts of two untyped mljs / libsvm packages that the classic families use.
declare module 'libsvm-js/asm.js' {
  interface SvmEstimate {
    label: number;
    probability: number;
  }
  interface SvmOptions {
    type?: string;
    kernel?: string;
    gamma?: number;
    cost?: number;
    tolerance?: number;
    probabilityEstimates?: boolean;
    shrinking?: boolean;
    cacheSize?: number;
    quiet?: boolean;
  }
  class SVM {
    constructor(options?: SvmOptions);
    train(samples: number[][], labels: number[]): void;
    predictOneProbability(sample: ArrayLike<number>): { prediction: number; estimates: SvmEstimate[] };
    serializeModel(): string;
    free(): void;
    static load(serialized: string): SVM;
    static SVM_TYPES: { C_SVC: string };
    static KERNEL_TYPES: { LINEAR: string; RBF: string };
  }
  export default SVM;
}

declare module 'ml-naivebayes' {
  export class GaussianNB {
    train(trainingSet: number[][], labels: number[]): void;
    predict(dataset: number[][]): number[];
    toJSON(): {
      modelName: string;
      means: number[][];
      calculateProbabilities: Array<[number, ...Array<[number, number]>]>;
    };
  }
}
