import { useEffect, type RefObject } from 'react';

type Listener = (seconds: number, shown: boolean) => void;

/**
 * Where a result's `<audio>` is, shared by every time axis of the card (waveform, spectrogram, genre
 * timeline, instrument strip). The player publishes on each animation frame; each axis moves its own playhead
 * straight on the DOM, so that playing re-renders nothing through React.
 */
export class PlaybackClock {
  private readonly listeners = new Set<Listener>();
  private seconds = 0;
  private shown = false;

  publish(seconds: number, shown: boolean): void {
    if (seconds === this.seconds && shown === this.shown) return;
    this.seconds = seconds;
    this.shown = shown;
    for (const listener of this.listeners) listener(seconds, shown);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    listener(this.seconds, this.shown);
    return () => {
      this.listeners.delete(listener);
    };
  }
}

/** Places an HTML playhead absolutely over its axis, at a percentage of the axis's width. */
const placeByPercent = (head: HTMLElement | SVGElement, fraction: number) => {
  head.style.left = `${(fraction * 100).toFixed(3)}%`;
};

/**
 * Moves `element` over a time axis of `span` seconds to the clock's time (`place` puts it at a fraction of the
 * axis), shown while the song plays or once it has been played into.
 */
export function usePlayhead(
  clock: PlaybackClock | undefined,
  element: RefObject<HTMLElement | SVGElement | null>,
  span: number,
  place: (head: HTMLElement | SVGElement, fraction: number) => void = placeByPercent,
): void {
  useEffect(() => {
    if (!clock) return;
    return clock.subscribe((seconds, shown) => {
      const head = element.current;
      if (!head) return;
      const fraction = span > 0 ? Math.min(1, Math.max(0, seconds / span)) : 0;
      place(head, fraction);
      head.style.opacity = shown ? '1' : '0';
      head.dataset.seconds = seconds.toFixed(2);
    });
  }, [clock, element, span, place]);
}
