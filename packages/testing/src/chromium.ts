/** Debian's Chromium unless CHROMIUM_PATH says otherwise: `npx playwright install` cannot download browsers here. */
export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";

/** The flags every test and benchmark starts Chromium with: no sandbox (root in CI), no GPU, no network of its own. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
