/** Poll delays: 1 s, 2 s, 4 s, … capped at 30 s (SPEC §4: polling with backoff). No `vscode` here. */
export const FIRST_POLL_DELAY_MS = 1000;
export const MAX_POLL_DELAY_MS = 30_000;

export function pollDelay(attempt: number, first = FIRST_POLL_DELAY_MS, max = MAX_POLL_DELAY_MS): number {
  return Math.min(max, first * 2 ** Math.max(0, Math.min(attempt, 30)));
}

/** Sleeps `ms`, or less when woken or aborted; resolves either way. */
export function interruptibleSleep(ms: number, signal: AbortSignal): { done: Promise<void>; wake(): void } {
  let wake = () => {};
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      resolve();
    }
    wake = finish;
    signal.addEventListener('abort', finish, { once: true });
  });
  return { done, wake };
}
