import { ComingSoon } from '../ComingSoon';

export function TrainView() {
  return (
    <ComingSoon title="Train: teach Oído your own classes" testId="train.coming">
      <p>This tab will train a small model in your browser from audio you label yourself.</p>
      <ul>
        <li>
          Drop a few files per class (or a zip of folders), choose a model and watch the loss and accuracy per
          epoch.
        </li>
        <li>Training runs on your GPU through TensorFlow.js when it can, on the CPU otherwise.</li>
        <li>
          Evaluate on held-out files with a confusion matrix, then export or keep the model in this browser.
        </li>
      </ul>
    </ComingSoon>
  );
}
