import { smallDataLine, type SmallDataCv } from '../../../core/eval/smallData';

/**
 * A thin test split's run: the folds' mean accuracy with its spread, as one fact of a `dl.facts` list, so that
 * the single test figure beside it is not read as a fact (core/eval/smallData).
 */
export function SmallDataFacts({ cv, testId }: { cv: SmallDataCv; testId: string }) {
  return (
    <div>
      <dt>Accuracy, cross-validated</dt>
      <dd
        data-testid={testId}
        data-mean={cv.mean}
        data-std={cv.std}
        data-folds={cv.k}
        title={`The test split is too thin to judge by: ${cv.reason}. Each fold trained a fresh model on the other files.`}
      >
        {smallDataLine(cv)}
      </dd>
    </div>
  );
}
