import { createContext, useContext, useState, type ReactNode } from 'react';
import type { ConfigDraft } from '../../../state/training';
import { draftValue, type DraftData, type FieldError } from './draft';

/** The draft being edited, a setter by path, the validators' messages by path, and the data it is for. */
export interface DraftApi {
  draft: ConfigDraft;
  set(path: string, value: unknown): void;
  errors: FieldError[];
  data: DraftData;
}

export const DraftContext = createContext<DraftApi | null>(null);

function useDraft(): DraftApi {
  const api = useContext(DraftContext);
  if (!api) throw new Error('Draft fields must sit inside a DraftContext provider');
  return api;
}

/** Messages about this field or anything under it (`model.hidden` also shows `model.hidden.1`). */
export function errorsAt(errors: FieldError[], path: string): FieldError[] {
  return errors.filter((e) => e.path === path || e.path.startsWith(`${path}.`));
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A number when the text is one; otherwise the text itself, so that the validator can quote it. */
export function numberOrText(text: string): number | string {
  const t = text.trim();
  return NUMBER.test(t) ? Number(t) : text;
}

/** "256, 128" → [256, 128]; "" → []; anything else stays text. */
export function listOrText(text: string): number[] | string {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  return parts.every((p) => NUMBER.test(p)) ? parts.map(Number) : text;
}

/** "3" → 3, "3×5" / "3x5" / "3,5" → [3, 5]; anything else stays text. */
export function sizeOrText(text: string): number | [number, number] | string {
  const parts = text.split(/\s*[×xX,]\s*/).filter((p) => p !== '');
  if (parts.length === 1 && NUMBER.test(parts[0])) return Number(parts[0]);
  if (parts.length === 2 && parts.every((p) => NUMBER.test(p))) return [Number(parts[0]), Number(parts[1])];
  return text;
}

const formatValue = (value: unknown): string =>
  Array.isArray(value) ? value.join(', ') : value === undefined || value === null ? '' : String(value);

const idOf = (path: string) => `train-field-${path.replace(/\./g, '-')}`;

function FieldShell({
  path,
  label,
  hint,
  children,
}: {
  path: string;
  label: string;
  hint?: string;
  children: ReactNode;
}) {
  const { errors } = useDraft();
  const mine = errorsAt(errors, path);
  return (
    <div className={`field${mine.length > 0 ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={idOf(path)}>
        {label}
      </label>
      {children}
      <FieldNotes hint={hint} errors={mine} />
    </div>
  );
}

/**
 * A text box whose text stays as typed while the draft holds what it parses to; when the draft changes from
 * elsewhere (a reset), the text follows.
 */
function ParsedInput({
  path,
  parse,
  inputMode,
}: {
  path: string;
  parse: (text: string) => unknown;
  inputMode?: 'decimal' | 'text';
}) {
  const { draft, set } = useDraft();
  const value = draftValue(draft, path);
  const [text, setText] = useState(formatValue(value));
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (JSON.stringify(parse(text)) !== JSON.stringify(value)) setText(formatValue(value));
  }
  return (
    <input
      id={idOf(path)}
      className="field__input"
      inputMode={inputMode}
      value={text}
      data-testid={`train.field-${path}`}
      onChange={(event) => {
        setText(event.target.value);
        set(path, parse(event.target.value));
      }}
    />
  );
}

export function NumberField({ path, label, hint }: { path: string; label: string; hint?: string }) {
  return (
    <FieldShell path={path} label={label} hint={hint}>
      <ParsedInput path={path} parse={numberOrText} inputMode="decimal" />
    </FieldShell>
  );
}

export function ListField({ path, label, hint }: { path: string; label: string; hint?: string }) {
  return (
    <FieldShell path={path} label={label} hint={hint ?? 'comma-separated, e.g. 256, 128'}>
      <ParsedInput path={path} parse={listOrText} />
    </FieldShell>
  );
}

export function TextField({ path, label }: { path: string; label: string }) {
  return (
    <FieldShell path={path} label={label}>
      <ParsedInput path={path} parse={(text) => text} />
    </FieldShell>
  );
}

export function SizeField({ path, label }: { path: string; label: string }) {
  return (
    <FieldShell path={path} label={label} hint="n, or rows × cols">
      <ParsedInput path={path} parse={sizeOrText} />
    </FieldShell>
  );
}

export function SelectField({
  path,
  label,
  options,
  onChange,
  hint,
}: {
  path: string;
  label: string;
  options: readonly (readonly [string, string])[];
  /** Replaces the plain setter (e.g. a type switch that resets the type's fields). */
  onChange?: (value: string) => void;
  hint?: string;
}) {
  const { draft, set } = useDraft();
  return (
    <FieldShell path={path} label={label} hint={hint}>
      <select
        id={idOf(path)}
        className="field__input"
        value={String(draftValue(draft, path))}
        data-testid={`train.field-${path}`}
        onChange={(event) => (onChange ? onChange(event.target.value) : set(path, event.target.value))}
      >
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function CheckField({ path, label, hint }: { path: string; label: string; hint?: string }) {
  const { draft, set, errors } = useDraft();
  const mine = errorsAt(errors, path);
  return (
    <div className={`field field--check${mine.length > 0 ? ' field--invalid' : ''}`}>
      <label>
        <input
          type="checkbox"
          checked={draftValue(draft, path) === true}
          data-testid={`train.field-${path}`}
          onChange={(event) => set(path, event.target.checked)}
        />{' '}
        {label}
      </label>
      <FieldNotes hint={hint} errors={mine} />
    </div>
  );
}

/** A switch that puts an object in the draft (on) or null (off), e.g. early stopping. */
export function ToggleField({
  path,
  label,
  on,
  hint,
}: {
  path: string;
  label: string;
  on: unknown;
  hint?: string;
}) {
  const { draft, set, errors } = useDraft();
  const value = draftValue(draft, path);
  const mine = errors.filter((e) => e.path === path);
  return (
    <div className={`field field--check${mine.length > 0 ? ' field--invalid' : ''}`}>
      <label>
        <input
          type="checkbox"
          checked={value !== null && value !== undefined}
          data-testid={`train.field-${path}`}
          onChange={(event) => set(path, event.target.checked ? structuredClone(on) : null)}
        />{' '}
        {label}
      </label>
      <FieldNotes hint={hint} errors={mine} />
    </div>
  );
}

/** A field's hint and the engine's messages about it, under the input. */
export function FieldNotes({ hint, errors }: { hint?: string; errors: readonly { message: string }[] }) {
  return (
    <>
      {hint && <span className="field__hint">{hint}</span>}
      {errors.map((e) => (
        <span key={e.message} className="field__error" role="alert" data-testid="train.field-error">
          {e.message}
        </span>
      ))}
    </>
  );
}
