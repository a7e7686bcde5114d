import { useEffect, useRef, type MouseEvent } from 'react';
import type { SongVisuals } from './classifyService';
import type { PlaybackClock } from './playbackClock';
import { Spectrogram } from './Spectrogram';
import { Waveform } from './Waveform';

interface SongPlayerProps {
  name: string;
  file: File | undefined;
  visuals: SongVisuals | undefined;
  duration: number;
  /** Told where playback is, for the card's other time axes. */
  clock?: PlaybackClock;
}

/**
 * Waveform and spectrogram with a playhead that follows an `<audio>` element. The playhead moves by
 * requestAnimationFrame straight on the DOM, never through React state; a click on the pictures seeks.
 */
export function SongPlayer({ name, file, visuals, duration, clock }: SongPlayerProps) {
  const audio = useRef<HTMLAudioElement>(null);
  const tracks = useRef<HTMLDivElement>(null);
  const playhead = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = audio.current;
    if (!element || !file) return;
    const url = URL.createObjectURL(file);
    element.src = url;
    return () => {
      element.pause();
      element.removeAttribute('src');
      element.load();
      URL.revokeObjectURL(url);
    };
  }, [file]);

  useEffect(() => {
    const element = audio.current;
    if (!element) return;
    let frame = 0;
    const place = () => {
      clock?.publish(element.currentTime, element.currentTime > 0 || !element.paused);
      const box = tracks.current;
      const head = playhead.current;
      if (!box || !head) return;
      const fraction = duration > 0 ? Math.min(1, element.currentTime / duration) : 0;
      head.style.transform = `translateX(${(fraction * box.clientWidth).toFixed(1)}px)`;
      head.style.opacity = element.currentTime > 0 || !element.paused ? '1' : '0';
    };
    const loop = () => {
      place();
      frame = requestAnimationFrame(loop);
    };
    const start = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(loop);
    };
    const stop = () => {
      cancelAnimationFrame(frame);
      place();
    };
    element.addEventListener('play', start);
    element.addEventListener('pause', stop);
    element.addEventListener('ended', stop);
    element.addEventListener('seeked', place);
    return () => {
      cancelAnimationFrame(frame);
      element.removeEventListener('play', start);
      element.removeEventListener('pause', stop);
      element.removeEventListener('ended', stop);
      element.removeEventListener('seeked', place);
    };
  }, [duration, clock]);

  const seek = (event: MouseEvent<HTMLDivElement>) => {
    const element = audio.current;
    const box = tracks.current;
    if (!element || !box || !(duration > 0)) return;
    const rect = box.getBoundingClientRect();
    element.currentTime = Math.max(0, Math.min(1, (event.clientX - rect.left) / rect.width)) * duration;
  };

  return (
    <div className="player">
      <audio
        ref={audio}
        controls
        preload="metadata"
        className="player__audio"
        aria-label={`Play ${name}`}
        data-testid="classify.audio"
      />
      {visuals ? (
        <div ref={tracks} className="player__tracks" onClick={seek} title="Click to play from here">
          <Waveform peaks={visuals.waveform} label={`Waveform of ${name}`} height={64} />
          <Spectrogram
            image={visuals.spectrogram}
            label={`Log-mel spectrogram of ${name}, 0 to ${Math.round(visuals.spectrogram.fMax / 1000)} kHz from bottom to top`}
          />
          <div
            ref={playhead}
            className="player__playhead"
            aria-hidden="true"
            data-testid="classify.playhead"
          />
        </div>
      ) : (
        <div className="player__placeholder">Drawing the waveform and spectrogram…</div>
      )}
    </div>
  );
}
