import type { Evaluation } from '../../../core/eval/metrics';
import { percent } from './judgeData';

/** Precision, recall, F1 and support of every class on the test split, with the macro average. */
export function PerClassTable({ evaluation }: { evaluation: Evaluation }) {
  const macro = (key: 'precision' | 'recall') =>
    evaluation.perClass.reduce((s, c) => s + c[key], 0) / Math.max(1, evaluation.perClass.length);
  const support = evaluation.perClass.reduce((s, c) => s + c.support, 0);
  return (
    <div className="table-scroll">
      <table className="features judge__table" data-testid="train.per-class">
        <caption>Per class, on the test split</caption>
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col" className="num">
              Precision
            </th>
            <th scope="col" className="num">
              Recall
            </th>
            <th scope="col" className="num">
              F1
            </th>
            <th scope="col" className="num">
              Support
            </th>
          </tr>
        </thead>
        <tbody>
          {evaluation.perClass.map((c) => (
            <tr key={c.name} data-class={c.name} data-f1={c.f1} data-support={c.support}>
              <th scope="row">{c.name}</th>
              <td className="num">{percent(c.precision)}</td>
              <td className="num">{percent(c.recall)}</td>
              <td className="num">{percent(c.f1)}</td>
              <td className="num">{c.support}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Macro average</th>
            <td className="num">{percent(macro('precision'))}</td>
            <td className="num">{percent(macro('recall'))}</td>
            <td className="num">{percent(evaluation.macroF1)}</td>
            <td className="num">{support}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
