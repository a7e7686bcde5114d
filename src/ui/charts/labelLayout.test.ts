import { describe, expect, it } from 'vitest';
import { placeLabels, type PlacedLabel } from './labelLayout';

const BOUNDS = { x: 0, y: 0, width: 400, height: 300 };

function overlapping(labels: Array<PlacedLabel | null>): number {
  const boxes = labels.filter((l): l is PlacedLabel => l !== null).map((l) => l.box);
  let pairs = 0;
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) pairs++;
    }
  return pairs;
}

describe('placeLabels', () => {
  it('keeps a label on its marker when nothing is near', () => {
    const labels = placeLabels(
      [
        [50, 50],
        [200, 150],
      ],
      ['1', '2'],
      8,
      BOUNDS,
    );
    expect(labels.map((l) => l && [l.x, l.y, l.onMarker])).toEqual([
      [50, 50, true],
      [200, 150, true],
    ]);
  });

  it('moves labels of markers drawn on top of each other aside, so none overlap', () => {
    // Eight segments of a song that barely moves in the projection: markers within a few pixels.
    const anchors = Array.from({ length: 8 }, (_, i) => [150 + (i % 3) * 2, 120 + i] as const);
    const texts = anchors.map((_, i) => String(i + 1));
    const naive = anchors.map(([x, y], i) => ({
      x,
      y,
      onMarker: true,
      box: { x: x - 5, y: y - 6, width: texts[i].length * 6.5 + 2, height: 12 },
    }));
    expect(overlapping(naive)).toBeGreaterThan(10);
    const labels = placeLabels(anchors, texts, 8, BOUNDS);
    expect(overlapping(labels)).toBe(0);
    expect(labels[0]?.onMarker).toBe(true);
    expect(labels.filter((l) => l && !l.onMarker).length).toBeGreaterThanOrEqual(5);
  });

  it('leaves out labels that fit nowhere, and never places one outside the plot', () => {
    const anchors = Array.from({ length: 40 }, () => [8, 8] as const);
    const labels = placeLabels(
      anchors,
      anchors.map((_, i) => String(i + 1)),
      8,
      BOUNDS,
    );
    expect(overlapping(labels)).toBe(0);
    expect(labels.some((l) => l === null)).toBe(true);
    for (const l of labels) {
      if (!l) continue;
      expect(l.box.x).toBeGreaterThanOrEqual(0);
      expect(l.box.y).toBeGreaterThanOrEqual(0);
    }
    expect(placeLabels([[NaN, 3]], ['1'], 8, BOUNDS)).toEqual([null]);
  });
});
