/**
 * "Teach it your instrument" for a live session: names the class, has the worker collect and build it, keeps
 * the taught head in IndexedDB per model and applies it in the worker. Every failure ends in a message for
 * the user (silence, too little sound, a name clash, a head taught on another model, storage failing).
 */
import { checkNewClassName } from '../core/predict/fewShot';
import { withoutTaughtClass, withTaughtClass, type TaughtHead } from '../core/predict/taughtHead';
import type { LiveModelInfo, LiveReply, LiveRequest } from './liveProtocol';
import { taughtStore } from '../browser/taughtStore';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
export type LiveAsk = (body: WithoutId<LiveRequest>) => Promise<LiveReply>;

export interface TaughtClassSummary {
  name: string;
  seconds: number;
  /** A class the base model does not have. */
  isNew: boolean;
}

export interface TaughtStatus {
  /** The classes taught on this model (stored), whether or not they apply. */
  classes: TaughtClassSummary[];
  /** Whether the taught classes are in use (false when they were taught on another model). */
  applied: boolean;
  /** The classes predicted now: the base model's, then new taught ones. */
  classNames: string[];
  /** What the user should know: not applied, not saved, could not be read. */
  notice: string | null;
}

export interface LiveTeacher {
  readonly status: TaughtStatus;
  /** Checks the name (an existing class, or a new one that clashes with none) and starts collecting. */
  start(name: string): Promise<string>;
  /** Builds the class from what was heard, applies it and keeps it; throws the user's message. */
  finish(): Promise<TaughtStatus>;
  cancel(): Promise<void>;
  /** Forgets a taught class (applied or not). */
  remove(name: string): Promise<TaughtStatus>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The teacher of a session whose model is `info` (registry id `modelId`), with its stored head applied. */
export async function createLiveTeacher(
  modelId: string,
  info: LiveModelInfo,
  ask: LiveAsk,
): Promise<LiveTeacher> {
  let stored: TaughtHead | null = null;
  let status: TaughtStatus = { classes: [], applied: true, classNames: [...info.classNames], notice: null };
  let teachingName: string | null = null;

  const summarise = (
    head: TaughtHead | null,
    applied: boolean,
    classNames: string[],
    notice: string | null,
  ) => {
    stored = head;
    status = {
      classes: (head?.classes ?? []).map((c) => ({
        name: c.name,
        seconds: c.seconds,
        isNew: !info.classNames.includes(c.name),
      })),
      applied,
      classNames,
      notice,
    };
    return status;
  };

  /** Applies `head` in the worker; returns the classes predicted now. */
  const apply = async (head: TaughtHead | null): Promise<string[]> => {
    const reply = await ask({ type: 'head', head });
    return reply.type === 'head' ? reply.classNames : [...info.classNames];
  };

  /** Keeps `head` (or forgets it); a storage failure becomes a notice, the session goes on with it. */
  const keep = async (head: TaughtHead | null): Promise<string | null> => {
    try {
      const store = await taughtStore();
      if (head) await store.save(modelId, head);
      else await store.delete(modelId);
      return null;
    } catch (error) {
      return `${head ? 'The taught classes are used until you stop, but were not saved' : 'The taught classes were removed here, but could not be removed from storage'}: ${message(error)}`;
    }
  };

  try {
    const head = await (await taughtStore()).load(modelId);
    if (head) {
      try {
        summarise(head, true, await apply(head), null);
      } catch (error) {
        summarise(head, false, [...info.classNames], message(error));
      }
    }
  } catch (error) {
    summarise(null, true, [...info.classNames], `Your taught classes could not be read: ${message(error)}`);
  }

  return {
    get status() {
      return status;
    },
    async start(name) {
      const applied = status.applied && stored ? stored.classes.map((c) => c.name) : [];
      const known = [...info.classNames, ...applied];
      const chosen = known.includes(name) ? name : checkNewClassName(name, known);
      await ask({ type: 'teach-start' });
      teachingName = chosen;
      return chosen;
    },
    async finish() {
      const name = teachingName;
      teachingName = null;
      if (name === null) throw new Error('Not teaching: press Teach first');
      const reply = await ask({ type: 'teach-finish', name });
      if (reply.type !== 'taught') throw new Error('The live analysis did not return the taught class');
      // Classes taught on another model are replaced, not mixed in (withTaughtClass starts afresh).
      const head = withTaughtClass(
        status.applied ? stored : null,
        info.base,
        info.embeddingSize,
        reply.taught,
      );
      const classNames = await apply(head);
      return summarise(head, true, classNames, await keep(head));
    },
    async cancel() {
      teachingName = null;
      await ask({ type: 'teach-cancel' });
    },
    async remove(name) {
      if (!stored) throw new Error(`No taught class is called "${name}"`);
      const head = withoutTaughtClass(stored, name);
      const applied = status.applied || head === null;
      const classNames = status.applied ? await apply(head) : status.classNames;
      return summarise(head, applied, classNames, (await keep(head)) ?? (applied ? null : status.notice));
    },
  };
}
