/**
 * Logging goes through this interface so modules that must not import `vscode` (the API layer) can log too.
 * The extension backs it with a LogOutputChannel; tests back it with an array.
 */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Remove anything that looks like a credential or an e-mail address before it reaches a log line. */
export function redact(text: string): string {
  return text
    .replace(/(X-API-Key|Bearer)\s+[^\s"',]+/gi, '$1 ***')
    .replace(/\b(mnt|op|lnc)_[A-Za-z0-9_]{4,}\b/g, '$1_***')
    .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '<email>');
}

/** A logger that redacts every line before handing it on. */
export function redactingLogger(inner: Logger): Logger {
  return {
    trace: (m) => inner.trace(redact(m)),
    debug: (m) => inner.debug(redact(m)),
    info: (m) => inner.info(redact(m)),
    warn: (m) => inner.warn(redact(m)),
    error: (m) => inner.error(redact(m)),
  };
}
