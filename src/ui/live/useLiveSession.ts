import { useCallback, useEffect, useRef, type RefObject } from 'react';
import { startLiveSession, type LiveSession } from '../../workers/liveClient';
import { describeOpenSetRule } from '../../core/predict/openSet';
import { useAppStore } from '../../state/store';
import type { LiveFeed } from './liveFeed';

/** How often the latency and rate figures (store, re-rendered) are refreshed. */
const TIMING_EVERY_MS = 500;

/**
 * Starts and stops live listening for the Live view. Predictions go into `feed` (outside React); the canvases
 * draw once per animation frame; the store gets the headline's class when it changes and the timing twice a
 * second. `stats` gets the running prediction count and stream time as data attributes, per prediction.
 * Leaving the view stops the microphone.
 */
export function useLiveSession(feed: LiveFeed, stats: RefObject<HTMLElement | null>) {
  const sessionRef = useRef<LiveSession | null>(null);
  /** Bumped by every start, stop and unmount, so that a start that finishes late knows it is stale. */
  const generation = useRef(0);
  const cleanups = useRef<(() => void)[]>([]);

  const release = useCallback(async () => {
    for (const cleanup of cleanups.current.splice(0)) cleanup();
    const session = sessionRef.current;
    sessionRef.current = null;
    await session?.stop();
  }, []);

  const stop = useCallback(async () => {
    const store = useAppStore.getState();
    if (store.livePhase !== 'listening' && store.livePhase !== 'starting') return;
    generation.current++;
    store.setLivePhase('stopping');
    await release();
    useAppStore.getState().setLivePhase('idle');
  }, [release]);

  const start = useCallback(async () => {
    const store = useAppStore.getState();
    if (store.livePhase !== 'idle') return;
    const mine = ++generation.current;
    store.setLivePhase('starting');
    store.setLiveReading(null);
    store.setLiveTiming(null, null);
    try {
      if (store.modelsPhase !== 'ready') await store.refreshModels();
      const { activeModels, models } = useAppStore.getState();
      const modelId = activeModels.instruments ?? null;
      const session = await startLiveSession({ modelId });
      if (mine !== generation.current) {
        await session.stop();
        return;
      }
      sessionRef.current = session;
      const entry = models.find((m) => m.id === modelId);
      // With classes taught before, the model's classes and the new taught ones.
      const classNames = session.teacher?.status.classNames ?? session.model?.classNames ?? [];
      useAppStore.getState().setLiveSession({
        modelName: session.model ? (entry?.name ?? session.model.name) : null,
        classNames,
        backend: session.model?.backend ?? null,
        backendReason: session.model?.backendReason ?? null,
        sampleRate: session.sampleRate,
        deviceLabel: session.deviceLabel,
        openSet: session.model ? describeOpenSetRule(session.model.openSet) : undefined,
      });
      feed.reset(classNames);

      let frame = 0;
      let lastTiming = 0;
      const onFrame = () => {
        frame = 0;
        feed.draw();
        const now = performance.now();
        feed.markDrawn(now);
        if (now - lastTiming >= TIMING_EVERY_MS) {
          lastTiming = now;
          const { latencyMs, rateHz } = feed.timing(now);
          useAppStore.getState().setLiveTiming(latencyMs, rateHz);
        }
      };
      cleanups.current.push(
        session.onPrediction((prediction) => {
          const reading = feed.receive(prediction, useAppStore.getState().liveSettings, performance.now());
          useAppStore.getState().setLiveReading(reading);
          const el = stats.current;
          if (el) {
            el.dataset.predictions = String(feed.count);
            el.dataset.audioSeconds = prediction.audioSeconds.toFixed(3);
          }
          if (frame === 0) frame = requestAnimationFrame(onFrame);
        }),
        () => cancelAnimationFrame(frame),
        session.onEnded((message) => {
          useAppStore.getState().reportError(message, 'live.start');
          generation.current++;
          void release().then(() => useAppStore.getState().setLivePhase('idle'));
        }),
      );
      useAppStore.getState().setLivePhase('listening');
      useAppStore.getState().clearErrors('live.start');
    } catch (error) {
      if (mine !== generation.current) return;
      const state = useAppStore.getState();
      state.reportError(error instanceof Error ? error.message : String(error), 'live.start');
      state.setLivePhase('idle');
    }
  }, [feed, release, stats]);

  // Leaving the Live view stops listening: the microphone is never left open in the background.
  useEffect(
    () => () => {
      generation.current++;
      void release().then(() => useAppStore.getState().setLivePhase('idle'));
    },
    [release],
  );

  /** The listening session's teacher (taught classes), when there is one. */
  const teacher = useCallback(() => sessionRef.current?.teacher ?? null, []);

  return { start, stop, teacher };
}
