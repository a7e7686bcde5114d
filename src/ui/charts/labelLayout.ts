/**
 * Where to write numbers beside markers on a chart so that no two overlap: each label first tries its own
 * marker's centre (inside the circle), then eight places around the marker, then is left out. Greedy, in the
 * order given (time order for a song's segments), so early segments keep their place; a label offset from its
 * marker gets a leader line back to it.
 */
export interface LabelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedLabel {
  /** Centre of the label's text. */
  x: number;
  y: number;
  /** False when the label sits off its marker and a leader line should join them. */
  onMarker: boolean;
  box: LabelBox;
}

const overlaps = (a: LabelBox, b: LabelBox) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Places `texts[i]` for the marker at `anchors[i]` (canvas pixels, radius `radius`) within `bounds`.
 * `charWidth` and `lineHeight` size a label's box. Returns null where a label would collide with every place.
 */
export function placeLabels(
  anchors: ReadonlyArray<readonly [number, number]>,
  texts: readonly string[],
  radius: number,
  bounds: LabelBox,
  charWidth = 6.5,
  lineHeight = 12,
): Array<PlacedLabel | null> {
  const placed: LabelBox[] = [];
  const reach = radius + lineHeight * 0.9;
  const around: Array<[number, number]> = [
    [0, 0],
    [1, 0],
    [-1, 0],
    [0, -1],
    [0, 1],
    [0.8, -0.8],
    [-0.8, -0.8],
    [0.8, 0.8],
    [-0.8, 0.8],
  ];
  return anchors.map(([ax, ay], i) => {
    if (!Number.isFinite(ax) || !Number.isFinite(ay)) return null;
    const width = texts[i].length * charWidth + 2;
    const height = lineHeight;
    for (const [dx, dy] of around) {
      const x = ax + dx * (reach + (dx === 0 ? 0 : width / 2 - lineHeight / 2));
      const y = ay + dy * reach;
      const box = { x: x - width / 2, y: y - height / 2, width, height };
      const inside =
        box.x >= bounds.x &&
        box.y >= bounds.y &&
        box.x + width <= bounds.x + bounds.width &&
        box.y + height <= bounds.y + bounds.height;
      if (!inside || placed.some((p) => overlaps(p, box))) continue;
      placed.push(box);
      return { x, y, onMarker: dx === 0 && dy === 0, box };
    }
    return null;
  });
}
