/**
 * Reload something when the analyst comes back to the tab (an ingest in another tab adds tables and rows), at most
 * once per `minMs`. Returns the function that stops listening.
 */
export function refreshOnReturn(reload: () => void, minMs = 30_000, now = () => Date.now()): () => void {
  let last = now();
  const onReturn = () => {
    if (document.visibilityState === 'hidden' || now() - last < minMs) return;
    last = now();
    reload();
  };
  window.addEventListener('focus', onReturn);
  document.addEventListener('visibilitychange', onReturn);
  return () => {
    window.removeEventListener('focus', onReturn);
    document.removeEventListener('visibilitychange', onReturn);
  };
}
