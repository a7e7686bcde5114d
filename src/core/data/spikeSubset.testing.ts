/**
 * For tests: the Spike reggaeton data as two classes, all 70 reggaeton songs and the first `others` of the
 * other songs, without the columns that say nothing about the music (a small, imbalanced two-class table).
 */
import reggaetonCsv from '../../../../shared/data/tabular/spike-reggaeton/data_reggaeton.csv?raw';
import otherCsv from '../../../../shared/data/tabular/spike-reggaeton/data_todotipo.csv?raw';
import { mergeDatasets, subsetDataset, tabularFromCsv, type TabularDataset } from './tabular';

export function spikeSubset(others = 350): TabularDataset {
  const drop = ['id_new', 'time_signature', 'popularity'];
  const reggaeton = tabularFromCsv(reggaetonCsv, { labelFor: 'reggaeton', drop });
  const other = tabularFromCsv(otherCsv, { labelFor: 'other', drop });
  return mergeDatasets(
    reggaeton,
    subsetDataset(
      other,
      Array.from({ length: others }, (_, i) => i),
    ),
  );
}
