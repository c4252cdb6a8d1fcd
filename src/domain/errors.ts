/**
 * Base of every error Ery raises on purpose. `code` is stable and machine-readable: callers branch
 * on it, never on the message text. The message says what to do about it.
 */
export class EryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A configuration value is missing or invalid; start-up stops with this one line. */
export class ConfigError extends EryError {
  constructor(
    readonly variable: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('CONFIG_INVALID', `${variable}: ${message}`, options);
  }
}
