import { classColour } from '../charts/classColours';

interface GenreBarsProps {
  classNames: readonly string[];
  /** Probability per class over the whole song. */
  probs: readonly number[];
  /** How many of the most probable classes to show. */
  limit?: number;
}

/** The song's genre probabilities, most probable first, as labelled bars. */
export function GenreBars({ classNames, probs, limit = 10 }: GenreBarsProps) {
  const ranked = classNames
    .map((name, index) => ({ name, index, p: probs[index] ?? 0 }))
    .sort((a, b) => b.p - a.p)
    .slice(0, limit);
  return (
    <ol
      className="bars"
      data-testid="classify.genre-bars"
      aria-label="Genre probabilities for the whole song"
    >
      {ranked.map(({ name, index, p }) => (
        <li key={name} className="bars__row" data-testid="classify.genre-bar" data-class={name} data-prob={p}>
          <span className="bars__label">{name}</span>
          <span className="bars__track" aria-hidden="true">
            <span
              className="bars__fill"
              style={{
                width: `${(Math.max(0, Math.min(1, p)) * 100).toFixed(1)}%`,
                background: classColour(index),
              }}
            />
          </span>
          <span className="bars__value">{(p * 100).toFixed(1)} %</span>
        </li>
      ))}
    </ol>
  );
}
