import type { FeatureRow } from '../../core/predict/fileSummary';
import { formatFeature } from './format';

interface FeatureTableProps {
  rows: FeatureRow[];
  caption: string;
}

export function FeatureTable({ rows, caption }: FeatureTableProps) {
  return (
    <div className="table-scroll">
      <table className="features" data-testid="classify.features">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Feature</th>
            <th scope="col">Column</th>
            <th scope="col" className="num">
              Value
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name} data-feature={row.name}>
              <td>{row.label}</td>
              <td>
                <code>{row.name}</code>
              </td>
              <td className="num" data-value={row.value}>
                {formatFeature(row.value)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
