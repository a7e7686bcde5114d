import { DATASET_CREDITS, SAMPLE_CREDITS, SONG_CREDITS, type Credit } from './credits';

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

export function AboutView() {
  return (
    <div className="card about" data-testid="about.page">
      <h2>About Oído</h2>
      <p>
        Oído (Spanish for “ear”) names the genre and the instruments of a piece of music. It decodes your
        files with the browser’s own audio decoder, computes the same features as the well-known GTZAN tables
        (librosa’s defaults at 22,050 Hz) and, once the trained models ship, runs them with TensorFlow.js on
        your GPU or CPU.
      </p>
      <h3>Your audio stays here</h3>
      <p>
        No audio, feature or prediction leaves this machine. The page loads its code and models from the
        server that served it and makes no other request; there is no analytics and no upload.
      </p>
      <h3>Credits</h3>
      <p className="muted">
        A first list, from the licence files beside the data; it will be completed when the trained models
        ship.
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
