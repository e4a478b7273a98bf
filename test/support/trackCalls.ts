/**
 * Method coverage for the API client suites: each suite builds its clients through `trackCalls`, and its last test
 * checks that every public method of the client was called at least once.
 */
export function trackCalls<T extends object>(client: T, called: Set<string>): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      called.add(String(property));
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
}
