import { ComingSoon } from '../ComingSoon';

export function LiveView() {
  return (
    <ComingSoon title="Live: classify what the microphone hears" testId="live.coming">
      <p>This tab will listen to your microphone and name the genre and the instrument as the music plays.</p>
      <ul>
        <li>
          Audio is captured by an AudioWorklet and analysed in this browser; nothing is recorded or sent
          anywhere.
        </li>
        <li>Predictions update every second or so, with a short history chart and a level meter.</li>
        <li>The browser asks for microphone permission first; you can stop at any time.</li>
      </ul>
      <p className="muted">It needs the trained models, which are not shipped yet.</p>
    </ComingSoon>
  );
}
