/** Debian's Chromium: Playwright's own browser download is never used. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Quiet, offline-friendly Chromium: no background traffic that could reach the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Software WebGL (SwiftShader) for TensorFlow.js on machines without a GPU.
  '--enable-unsafe-swiftshader',
];

/**
 * A microphone that answers without a permission prompt and plays a test tone. For specs that need it:
 *   test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...FAKE_MICROPHONE_ARGS] } });
 */
export const FAKE_MICROPHONE_ARGS = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];
