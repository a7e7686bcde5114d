import { useAppStore } from '../../state/store';
import { DATASET_CREDITS, SAMPLE_CREDITS, SONG_CREDITS, type Credit } from './credits';
import './about.css';

function CreditList({ credits }: { credits: Credit[] }) {
  return (
    <ul className="credits">
      {credits.map((credit) => (
        <li key={credit.title}>
          <a href={credit.url} target="_blank" rel="noreferrer noopener">
            {credit.title}
          </a>{' '}
          by {credit.author} · <span className="credits__licence">{credit.licence}</span>
          <div className="muted">{credit.use}</div>
        </li>
      ))}
    </ul>
  );
}

const FIGURE_LABEL: Record<string, string> = {
  genre: 'accuracy on the 290 artist-filtered GTZAN test tracks (artists it never heard)',
  // index.json carries the accuracy of the most probable class; the report gives the ROC AUC and threshold.
  reggaeton: 'held-out accuracy (most test songs are not reggaeton: its report gives the ROC AUC)',
  instruments:
    'held-out accuracy per 1-s window of studio notes (real recordings score lower: see its report)',
};

/** The models that ship with the app (public/models/index.json), with their held-out figure. */
function ShippedModels() {
  const models = useAppStore((s) => s.models);
  const shipped = models.filter((m) => m.source === 'shipped');
  if (shipped.length === 0) return null;
  return (
    <>
      <h3>Models it ships</h3>
      <ul className="credits" data-testid="about.models">
        {shipped.map((model) => (
          <li key={model.id}>
            <strong>{model.name}</strong> · {model.classNames.length} classes · {model.featureSet} features
            {model.accuracy !== undefined && (
              <span className="muted">
                {' '}
                · {FIGURE_LABEL[model.task] ?? 'held-out accuracy'} {model.accuracy.toFixed(3)}
              </span>
            )}
          </li>
        ))}
      </ul>
      <p className="muted">
        Each is rebuilt from the data below by <code>npm run build:models</code>; its report (split, settings,
        confusion matrix) sits beside it in <code>models/&lt;name&gt;/report.json</code>.
      </p>
    </>
  );
}

export function AboutView() {
  return (
    <div className="card about" data-testid="about.page">
      <h2>About Oído</h2>
      <p>
        Oído (Spanish for “ear”) names the genre and the instruments of a piece of music. It decodes your
        files with the browser’s own audio decoder, computes the same features as the well-known GTZAN tables
        (librosa’s defaults at 22,050 Hz) and runs the models it ships, or the ones you train, with
        TensorFlow.js on your GPU or CPU.
      </p>
      <ShippedModels />
      <h3>Your audio stays here</h3>
      <p>
        No audio, feature or prediction leaves this machine. The page loads its code and models from the
        server that served it and makes no other request; there is no analytics and no upload.
      </p>
      <h3>Credits</h3>
      <p className="muted">
        From the licence files beside the data. The models are trained from these recordings and tables; only
        the freely licensed demo songs ship as audio.
      </p>
      <h4>Songs</h4>
      <CreditList credits={SONG_CREDITS} />
      <h4>Instrument samples</h4>
      <CreditList credits={SAMPLE_CREDITS} />
      <h4>Datasets</h4>
      <CreditList credits={DATASET_CREDITS} />
    </div>
  );
}
