/**
 * The base class of every domain error synthctr throws. Each package subclasses it with its
 * own `name`, so callers can tell a schema problem from a training problem with `instanceof`
 * or `error.name`, and the original failure is kept in `cause`.
 */
export class SynthctrError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SynthctrError';
  }
}

/** A problem with the machine or the TensorFlow.js backend, not with the user's data. */
export class RuntimeError extends SynthctrError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RuntimeError';
  }
}
