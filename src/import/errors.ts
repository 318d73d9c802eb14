/**
 * The one error a model reader raises: what is wrong and where, in one line. Readers never let
 * another error out (a RangeError from a truncated buffer is turned into one of these by
 * `guard`), so the app and the CLI can show the message as it is.
 */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    message: string,
    /** Which format family was being read ("ONNX", "TFLite", "Keras", "TensorFlow.js"). */
    readonly format?: string,
  ) {
    super(message);
  }
}

/** The model's input has dynamic dimensions (or none declared): the user must give its shape. */
export class NeedsInputError extends ImportError {
  constructor(
    message: string,
    format: string,
    readonly input: string,
    /** The file's dims: sizes, and names or "?" for the dynamic ones. */
    readonly dims: readonly (number | string)[],
    /** A shape that would do, e.g. "1x3x224x224" (dynamic dims guessed). */
    readonly example: string,
  ) {
    super(message, format);
  }
}

/** Longest message a reader returns (names from the file are quoted in it). */
const MAX_MESSAGE = 300;

/** A name from the file, quoted for a message: printable and short. */
export function quote(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
  const s = name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}

export function importFail(format: string, message: string): never {
  throw new ImportError(message, format);
}

/** One line, bounded length, no control characters. */
export function oneLine(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
  const one = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
  return one.length > MAX_MESSAGE ? `${one.slice(0, MAX_MESSAGE - 1)}…` : one;
}

/**
 * Runs a reader and turns anything it throws into an ImportError: a malformed file must give a
 * message, never an uncaught RangeError or TypeError.
 */
export function guard<T>(format: string, what: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ImportError) throw new ImportError(oneLine(e.message), e.format ?? format);
    const why = e instanceof Error ? e.message : String(e);
    throw new ImportError(oneLine(`${what} could not be read (${why})`), format);
  }
}
