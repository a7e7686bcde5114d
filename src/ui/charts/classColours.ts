/**
 * One colour per class, the same in every chart (bars, timeline, scatter, legend): Tableau 10, then the same
 * hues lighter for classes 11 … 20, then a hue wheel.
 */
const TABLEAU_10 = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];
const TABLEAU_LIGHT = [
  '#a0cbe8',
  '#ffbe7d',
  '#ff9d9a',
  '#86bcb6',
  '#8cd17d',
  '#f1ce63',
  '#d4a6c8',
  '#fabfd2',
  '#d7b5a6',
  '#79706e',
];

export function classColour(index: number): string {
  if (!Number.isInteger(index) || index < 0) return '#8a93a3';
  if (index < 10) return TABLEAU_10[index];
  if (index < 20) return TABLEAU_LIGHT[index - 10];
  return `hsl(${(index * 137.508) % 360} 55% 52%)`;
}
