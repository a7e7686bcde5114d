/**
 * Issue 10.4 in Classify: the song scatter offers UMAP beside PCA (the shared ProjectionScatter that Train's run
 * scatter uses too). A song of many segments is laid out by UMAP in the projection worker; a demo song of two
 * or three 30-s segments is too few, and the scatter says so and keeps PCA.
 */
import { expect, test } from './support/fixtures';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodePcm16, wav16Header } from '../src/core/audio/wav';
import { DEFAULT_UMAP_MAX_POINTS, UMAP_MIN_POINTS } from '../src/core/eval/umap';
import { decodeAudioFile } from '../src/node/decodeFile';
import type { Locator } from '@playwright/test';

const songs = path.resolve(process.cwd(), '../shared/data/songs');

/** Every real song of the shared data, decoded (mono, 22,050 Hz) and joined end to end into one WAV. */
async function songMedley(): Promise<{ file: string; seconds: number }> {
  const files = readdirSync(songs)
    .filter((f) => f.endsWith('.ogg'))
    .sort();
  const pieces = await Promise.all(
    files.map(async (f) => (await decodeAudioFile(path.join(songs, f))).samples),
  );
  const total = pieces.reduce((n, p) => n + p.length, 0);
  const joined = new Float32Array(total);
  let at = 0;
  for (const piece of pieces) {
    joined.set(piece, at);
    at += piece.length;
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'oido-projection-')), 'medley.wav');
  writeFileSync(file, Buffer.concat([wav16Header(total, 22_050, 1), encodePcm16(joined)]));
  return { file, seconds: total / 22_050 };
}

/** The scatter canvas's pixels, to tell two pictures apart. */
function pixels(figure: Locator): Promise<string> {
  return figure.locator('canvas').evaluate((canvas: HTMLCanvasElement) => canvas.toDataURL());
}

test('a long song’s segments switch from PCA to a UMAP layout made in the projection worker', async ({
  classifyPage: app,
}) => {
  const { file, seconds } = await songMedley();
  expect(seconds).toBeGreaterThan(7 * 60);
  await app.goto();
  await expect(app.models).toContainText('Genre:');
  await app.dropFiles([file]);
  const card = await app.waitDone('medley.wav', 300_000);
  await expect(card).toHaveAttribute('data-phase', 'done');

  const pca = card.getByTestId('classify.scatter');
  await expect(pca).toBeVisible();
  const segments = Number(await pca.getAttribute('data-highlighted-points'));
  expect(segments).toBeGreaterThanOrEqual(UMAP_MIN_POINTS);
  expect(Number(await pca.getAttribute('data-training-points'))).toBeGreaterThan(100);
  await pca.scrollIntoViewIfNeeded();
  const pcaPixels = await pixels(pca);
  await expect(card.getByTestId('classify.scatter-projection-pca')).toHaveAttribute('aria-pressed', 'true');

  await card.getByTestId('classify.scatter-projection-umap').click();
  await expect(card.getByTestId('classify.scatter-projection-umap')).toHaveAttribute('aria-pressed', 'true');
  const umap = card.getByTestId('classify.scatter-umap');
  await expect(umap).toBeVisible({ timeout: 60_000 });
  // Every segment laid out (up to UMAP's cap), alone: the bundle keeps its training points only in 2-D.
  await expect(umap).toHaveAttribute(
    'data-highlighted-points',
    String(Math.min(segments, DEFAULT_UMAP_MAX_POINTS)),
  );
  await expect(umap).toHaveAttribute('data-training-points', '0');
  await expect(umap).toContainText(`UMAP of this song's ${segments} segments by their logits`);
  await expect(umap.locator('canvas')).toHaveAttribute('aria-label', /with \d+ highlighted/);
  await expect(card.getByTestId('classify.scatter-status')).toHaveCount(0);
  const umapPixels = await pixels(umap);
  expect(umapPixels).not.toBe(pcaPixels);
  await umap.screenshot({ path: path.join('e2e', 'artifacts', 'classify-umap-scatter.png') });
  await card.getByRole('region', { name: 'Genre' }).screenshot({
    path: path.join('e2e', 'artifacts', 'classify-umap-genre.png'),
  });

  // Back to PCA: the bundle's projection again, training points and all.
  await card.getByTestId('classify.scatter-projection-pca').click();
  await expect(card.getByTestId('classify.scatter')).toHaveAttribute(
    'data-highlighted-points',
    String(segments),
  );
  await expect(app.error).toHaveCount(0);
});

test('a demo song of a few segments is too few for UMAP: the scatter says so and keeps PCA', async ({
  classifyPage: app,
  page,
}) => {
  await app.goto();
  await page.getByTestId('classify.demo').filter({ hasText: 'Vibe Ace' }).click();
  const card = await app.waitDone('vibe-ace.ogg');
  await expect(card).toHaveAttribute('data-phase', 'done');
  const scatter = card.getByTestId('classify.scatter');
  await expect(scatter).toBeVisible();
  const segments = Number(await scatter.getAttribute('data-highlighted-points'));
  expect(segments).toBeGreaterThan(0);
  expect(segments).toBeLessThan(UMAP_MIN_POINTS);

  await card.getByTestId('classify.scatter-projection-umap').click();
  const status = card.getByTestId('classify.scatter-status');
  await expect(status).toHaveText(
    `Too few points for UMAP (${segments}; it needs at least ${UMAP_MIN_POINTS}): showing PCA.`,
  );
  await expect(card.getByTestId('classify.scatter')).toBeVisible();
  await expect(card.getByTestId('classify.scatter-umap')).toHaveCount(0);
  await card.scrollIntoViewIfNeeded();
  await app.screenshot('classify-umap-too-few');
});
