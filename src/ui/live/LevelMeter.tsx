import { useEffect, useRef } from 'react';
import { useAppStore } from '../../state/store';
import { LIVE_SILENCE_DBFS } from '../../core/live/liveAnalysis';
import type { LiveFeed } from './liveFeed';

const FLOOR_DB = -80;

/** The input level of the newest 93 ms, in dBFS, with the silence floor marked; updated per frame. */
export function LevelMeter({ feed }: { feed: LiveFeed }) {
  const barRef = useRef<HTMLDivElement>(null);
  const textRef = useRef<HTMLSpanElement>(null);
  const meterRef = useRef<HTMLDivElement>(null);
  const listening = useAppStore((s) => s.livePhase === 'listening');

  // Out of a session the meter shows nothing rather than the last level heard.
  useEffect(() => {
    if (listening || !barRef.current || !textRef.current) return;
    barRef.current.style.width = '0%';
    textRef.current.textContent = '—';
    meterRef.current?.removeAttribute('aria-valuenow');
  }, [listening]);

  useEffect(
    () =>
      feed.addDrawer(() => {
        const latest = feed.latest;
        if (!latest || !barRef.current || !textRef.current || !meterRef.current) return;
        const db = latest.levelDb;
        const share = Number.isFinite(db) ? Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB)) : 0;
        barRef.current.style.width = `${(share * 100).toFixed(1)}%`;
        barRef.current.classList.toggle('live-level__bar--silent', latest.silent);
        textRef.current.textContent = Number.isFinite(db) ? `${db.toFixed(0)} dBFS` : 'silence';
        meterRef.current.setAttribute(
          'aria-valuenow',
          Number.isFinite(db) ? db.toFixed(0) : String(FLOOR_DB),
        );
      }),
    [feed],
  );

  const floorAt = ((LIVE_SILENCE_DBFS - FLOOR_DB) / -FLOOR_DB) * 100;
  return (
    <div className="live-level">
      <span className="live-level__label">Level</span>
      <div
        ref={meterRef}
        className="live-level__track"
        role="meter"
        aria-label="Input level, dBFS"
        aria-valuemin={FLOOR_DB}
        aria-valuemax={0}
        data-testid="live.level"
      >
        <div ref={barRef} className="live-level__bar" />
        <div
          className="live-level__floor"
          style={{ left: `${floorAt}%` }}
          title={`Silence below ${LIVE_SILENCE_DBFS} dBFS`}
        />
      </div>
      <span ref={textRef} className="live-level__value">
        —
      </span>
    </div>
  );
}
