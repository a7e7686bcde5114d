import { useRef, useState } from 'react';
import type { ModelEntry } from '../../../browser/modelRegistry';
import type { ModelRole } from '../../../state/models';
import { useAppStore } from '../../../state/store';
import type { ErrorSource } from '../../../state/ui';
import { FieldErrors } from '../../FieldErrors';
import { percent, positiveClassOf, startingThreshold, thresholdOn } from '../judge/judgeData';
import { useJudgedRun, useRunArtifacts } from '../judge/useJudgedRun';
import { downloadBytes } from '../../../browser/download';
import {
  deleteModel,
  importModelFiles,
  runBundleToKeep,
  saveRunModel,
  zipOfBundle,
  zipOfModel,
} from './keepService';
import { SavedModels } from './SavedModels';
import { HiddenFileInput } from '../../HiddenFileInput';

const ROLE_WORDS: Record<ModelRole, string> = {
  genre: 'genres',
  instruments: 'instruments',
  reggaeton: 'the reggaeton score',
};

const positiveNameOf = (meta: { classNames: string[]; task: string }) =>
  meta.classNames[positiveClassOf(meta.classNames, meta.task)];

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Keep what is worth keeping: save the judged run's model in this browser or export it as a `.zip`, import a
 * model from files, and put any saved model to work in Classify and Live.
 */
export function KeepPanel() {
  const run = useJudgedRun();
  const artifacts = useRunArtifacts(run?.id ?? null);
  const chosen = useAppStore((s) => (run ? s.chosenThresholds[run.id] : undefined));
  const models = useAppStore((s) => s.models);
  const activeModels = useAppStore((s) => s.activeModels);
  const refreshModels = useAppStore((s) => s.refreshModels);
  const chooseModel = useAppStore((s) => s.chooseModel);
  const reportError = useAppStore((s) => s.reportError);
  const clearErrors = useAppStore((s) => s.clearErrors);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const saved = models.filter((m) => m.source === 'user');

  /** Runs one action at a time; its failure is shown beside its control (and in the banner), its success clears that. */
  const act = async (what: string, source: ErrorSource, action: () => Promise<string | null>) => {
    setBusy(true);
    setStatus(null);
    try {
      setStatus(await action());
      clearErrors(source);
    } catch (error) {
      reportError(`${what}: ${messageOf(error)}`, source);
    } finally {
      setBusy(false);
    }
  };

  /** The run's name, and for two classes the chosen cut-off on the class Classify will read it on. */
  const keepOptions = () => {
    if (!run || !artifacts) throw new Error('This run left no model to keep');
    const { classNames, task } = artifacts.bundle.meta;
    if (classNames.length !== 2) return { name: run.name };
    const onClass1 = startingThreshold(run.result, chosen);
    return { name: run.name, threshold: thresholdOn(positiveClassOf(classNames, task), onClass1) };
  };

  const saveRun = () =>
    act('Could not save the model', 'keep.run', async () => {
      if (!artifacts) throw new Error('This run left no model to save');
      const summary = await saveRunModel(artifacts.bundle, keepOptions());
      await refreshModels();
      return `Saved “${summary.name}” in this browser.`;
    });

  const exportRun = () =>
    act('Could not export the model', 'keep.run', async () => {
      if (!artifacts) throw new Error('This run left no model to export');
      const { bytes, fileName } = await zipOfBundle(runBundleToKeep(artifacts.bundle, keepOptions()));
      downloadBytes(bytes, fileName);
      return `Exported ${fileName} (${(bytes.byteLength / 1024).toFixed(0)} KB).`;
    });

  const onImport = (picked: File[]) => {
    if (picked.length === 0) return;
    const names = picked.map((f) => f.name).join(', ');
    void act(`Could not import ${names}`, 'keep.import', async () => {
      // Read, unzipped and checked in a worker: a hostile zip never freezes the page.
      const summary = await importModelFiles(picked);
      await refreshModels();
      return `Imported “${summary.name}” (${summary.classNames.length} classes).`;
    });
  };

  const onUse = (entry: ModelEntry, role: ModelRole) =>
    act(`Could not use “${entry.name}”`, 'keep.saved', async () => {
      chooseModel(role, entry.id);
      await refreshModels();
      if (useAppStore.getState().activeModels[role] !== entry.id) {
        throw new Error('it is no longer in this browser');
      }
      return `Classify and Live now use “${entry.name}” for ${ROLE_WORDS[role]}.`;
    });

  const onExport = (entry: ModelEntry) =>
    act(`Could not export “${entry.name}”`, 'keep.saved', async () => {
      const { bytes, fileName } = await zipOfModel(entry.id);
      downloadBytes(bytes, fileName);
      return `Exported ${fileName} (${(bytes.byteLength / 1024).toFixed(0)} KB).`;
    });

  const onDelete = (entry: ModelEntry) =>
    act(`Could not delete “${entry.name}”`, 'keep.saved', async () => {
      await deleteModel(entry.id);
      await refreshModels();
      return `Deleted “${entry.name}”.`;
    });

  const kept =
    run && artifacts ? { ...keepOptions(), positiveName: positiveNameOf(artifacts.bundle.meta) } : null;
  const savedThisRun = artifacts && run ? saved.some((m) => m.name === run.name) : false;

  return (
    <section className="card keep" data-testid="train.keep">
      <h2>Keep</h2>
      {run && artifacts ? (
        <div className="keep__run">
          <div>
            <strong>{run.name}</strong>
            <span className="muted">
              {' '}
              · test accuracy {percent(run.result?.evaluation.accuracy)}
              {kept?.threshold !== undefined &&
                ` · threshold ${kept.threshold.toFixed(3)} on P(${kept.positiveName})`}
            </span>
          </div>
          <div className="keep__buttons">
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={saveRun}
              data-testid="train.save"
            >
              {savedThisRun ? 'Save again' : 'Save in this browser'}
            </button>
            <button
              type="button"
              className="button button--quiet"
              disabled={busy}
              onClick={exportRun}
              data-testid="train.export-run"
            >
              Export .zip
            </button>
          </div>
          <FieldErrors source="keep.run" />
        </div>
      ) : (
        <p className="muted">A finished run&apos;s model can be saved here, or exported as one .zip file.</p>
      )}

      <div className="keep__import">
        <HiddenFileInput
          inputRef={fileInput}
          id="keep-import"
          multiple
          accept=".zip,.json,.bin,application/zip,application/json"
          onPick={onImport}
          testId="train.import-input"
        />
        <button
          type="button"
          className="button button--quiet"
          disabled={busy}
          onClick={() => fileInput.current?.click()}
          data-testid="train.import"
        >
          Import a model…
        </button>
        <span className="muted">
          one <code>.zip</code>, or <code>model.json</code> + <code>weights.bin</code> +{' '}
          <code>meta.json</code> together
        </span>
      </div>
      <FieldErrors source="keep.import" />

      {status && (
        <p className="keep__status" role="status" data-testid="train.keep-status">
          {status}
        </p>
      )}

      <h3>Saved in this browser</h3>
      <SavedModels
        entries={saved}
        activeModels={activeModels}
        busy={busy}
        onUse={onUse}
        onExport={onExport}
        onDelete={onDelete}
      />
      <FieldErrors source="keep.saved" />
    </section>
  );
}
