import { useEffect, type RefObject } from 'react';

/**
 * Paints a canvas now, whenever it changes size, and when the browser gives its context back after losing it
 * (a GPU reset clears every accelerated canvas on the page). `paint` should change only when what it draws
 * does (wrap it in useCallback).
 */
export function useCanvasPainting(
  ref: RefObject<HTMLCanvasElement | null>,
  paint: (element: HTMLCanvasElement) => void,
): void {
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const repaint = () => paint(element);
    repaint();
    const observer = new ResizeObserver(repaint);
    observer.observe(element);
    element.addEventListener('contextrestored', repaint);
    return () => {
      observer.disconnect();
      element.removeEventListener('contextrestored', repaint);
    };
  }, [ref, paint]);
}

/**
 * The canvas's 2-D context for drawing `width` × `height` CSS pixels, its backing store sized for the screen's
 * pixel ratio and cleared; null when there is nothing to draw on (no context, zero width).
 */
export function sizedContext(
  element: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D | null {
  const ctx = element.getContext('2d');
  if (!ctx || width === 0) return null;
  const ratio = window.devicePixelRatio || 1;
  element.width = Math.round(width * ratio);
  element.height = Math.round(height * ratio);
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}
