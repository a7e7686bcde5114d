import { useMemo } from 'react';
import { confusionCells, confusionLayout, heatColour, shortLabel, textColourOn } from './confusionData';

interface ConfusionMatrixProps {
  /** matrix[true][predicted], counts. */
  matrix: number[][];
  classNames: string[];
  /** Room for the grid of cells, px (the labels come on top of it). */
  maxGridWidth?: number;
  testId?: string;
}

/**
 * Counts in every cell, coloured by the share of the true class (row) they hold, so the diagonal reads as
 * per-class recall. Each cell's tooltip spells out what it counts.
 */
export function ConfusionMatrix({ matrix, classNames, maxGridWidth, testId }: ConfusionMatrixProps) {
  const cells = useMemo(() => confusionCells(matrix, classNames), [matrix, classNames]);
  const layout = useMemo(() => confusionLayout(classNames, maxGridWidth), [classNames, maxGridWidth]);
  const { cell, countFont, labelFont, rowLabelWidth, columnLabelHeight } = layout;
  const left = rowLabelWidth;
  const top = columnLabelHeight;
  const n = classNames.length;

  return (
    <figure className="chart-figure confusion" data-testid={testId} style={{ width: layout.width }}>
      <svg
        className="confusion__svg"
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-label={`Confusion matrix of ${n} classes: rows are the true class, columns the prediction`}
      >
        <text x={left + (n * cell) / 2} y={12} className="confusion__axis" textAnchor="middle">
          Predicted
        </text>
        <text
          className="confusion__axis"
          textAnchor="middle"
          transform={`translate(12, ${top + (n * cell) / 2}) rotate(-90)`}
        >
          True class
        </text>
        {classNames.map((name, j) => (
          <text
            key={`c${j}`}
            data-label={name}
            className="confusion__label"
            fontSize={labelFont}
            transform={`translate(${left + j * cell + cell / 2}, ${top - 6}) rotate(-45)`}
          >
            <title>{name}</title>
            {shortLabel(name)}
          </text>
        ))}
        {classNames.map((name, i) => (
          <text
            key={`r${i}`}
            data-label={name}
            className="confusion__label"
            fontSize={labelFont}
            x={left - 8}
            y={top + i * cell + cell / 2}
            textAnchor="end"
            dominantBaseline="central"
          >
            <title>{name}</title>
            {shortLabel(name)}
          </text>
        ))}
        {cells.counts.map((row, i) =>
          row.map((count, j) => {
            const fraction = cells.fractions[i][j];
            return (
              <g key={`${i}-${j}`} data-row={i} data-col={j} data-count={count}>
                <rect
                  x={left + j * cell}
                  y={top + i * cell}
                  width={cell - 1}
                  height={cell - 1}
                  fill={heatColour(fraction)}
                  className={i === j ? 'confusion__cell confusion__cell--diagonal' : 'confusion__cell'}
                >
                  <title>
                    {`${count} of ${cells.rowTotals[i]} "${classNames[i]}" predicted as "${classNames[j]}" (${(fraction * 100).toFixed(1)}%)`}
                  </title>
                </rect>
                {count > 0 && (
                  <text
                    x={left + j * cell + (cell - 1) / 2}
                    y={top + i * cell + (cell - 1) / 2}
                    fontSize={countFont}
                    fill={textColourOn(fraction)}
                    textAnchor="middle"
                    dominantBaseline="central"
                    className="confusion__count"
                  >
                    {count}
                  </text>
                )}
              </g>
            );
          }),
        )}
      </svg>
      <figcaption className="chart-figure__caption">
        Rows: true class; columns: predicted class. Colour: share of the row, so the diagonal is each
        class&apos;s recall.
      </figcaption>
    </figure>
  );
}
