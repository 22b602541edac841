import { SynthctrError } from '@synthctr/runtime/light';

/** The data does not fit the schema, or the schema itself is inconsistent. */
export class SchemaError extends SynthctrError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SchemaError';
  }
}

/** A sampling condition names an unknown column or a value never seen in training. */
export class ConditionError extends SynthctrError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConditionError';
  }
}

/** A file or download could not be read as the dataset it claims to be. */
export class DataSourceError extends SynthctrError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataSourceError';
  }
}

/** A synthesizer was used out of order (sample before fit) or given invalid options. */
export class SynthesizerError extends SynthctrError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SynthesizerError';
  }
}
