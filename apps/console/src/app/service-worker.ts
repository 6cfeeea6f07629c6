import { registerSW } from 'virtual:pwa-register';

/**
 * The service worker (built by vite-plugin-pwa / Workbox, see vite.config.ts) makes the field view an installable
 * app whose shell and code are all on the phone: a worker who loses coverage can still open any screen. Only the
 * field view registers it: the wall board and the desk of a browser that never opened it stay plain pages.
 *
 * A newer build waits until it is asked for: `onNewVersion` is told, and the returned function (the worker tapped
 * "更新") activates it and reloads — never on its own under a form being filled in.
 */
export function registerServiceWorker(onNewVersion: () => void): () => Promise<void> {
  if (!('serviceWorker' in navigator)) return () => Promise.resolve();
  const update = registerSW({ immediate: true, onNeedRefresh: onNewVersion });
  return () => update(true);
}
