import { registerSW } from 'virtual:pwa-register';

/**
 * The service worker (built by vite-plugin-pwa / Workbox, see vite.config.ts) makes the console an installable app
 * whose shell and code are all on the phone: a worker who loses coverage can still open any screen. Registered
 * once, at start; a newer build takes over when every tab of the old one is closed (no reload mid-form).
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  void registerSW({ immediate: true });
}
