/** Registers the service worker of a production build (relative path: the site may live under any sub-path). */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  // After the first paint: caching the app must not compete with opening it.
  addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch(() => {
      // No service worker (file://, a private window, an old browser): the app works online as before.
    });
  });
}
