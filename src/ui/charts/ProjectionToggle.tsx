export type ProjectionMethod = 'pca' | 'umap';

/** "PCA / UMAP": which 2-D projection a scatter draws. */
export function ProjectionToggle({
  value,
  onChange,
  testId,
  umapTitle,
}: {
  value: ProjectionMethod;
  onChange: (method: ProjectionMethod) => void;
  testId: string;
  /** Why UMAP cannot be chosen, when it cannot (the button is then disabled). */
  umapTitle?: string;
}) {
  return (
    <div className="segmented" role="group" aria-label="Projection" data-testid={testId}>
      {(['pca', 'umap'] as const).map((m) => (
        <button
          key={m}
          type="button"
          className="segmented__option"
          aria-pressed={value === m}
          disabled={m === 'umap' && umapTitle !== undefined}
          title={m === 'umap' ? umapTitle : undefined}
          data-testid={`${testId}-${m}`}
          onClick={() => onChange(m)}
        >
          {m.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
