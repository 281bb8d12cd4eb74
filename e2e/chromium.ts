/**
 * Debian's Chromium, as every browser run here launches it: Playwright's own browser download is
 * not available offline, and without the background-networking flags Chromium keeps trying to
 * reach Google's hosts.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};
