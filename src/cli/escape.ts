/**
 * What the command line writes to a terminal. A design's names and ids, a file name or a message
 * quoting a file can hold control characters (ANSI escapes, carriage returns, backspaces,
 * newlines, bidirectional overrides) that would move the cursor, rewrite what the user sees or
 * recolour the terminal: escapeText writes each one as a visible escape. The escapes are JSON's
 * (\n, \r, \t, \b, \f, \uXXXX), so applying it to a line of JSON keeps it valid JSON with the same
 * value (JSON.stringify already escapes C0; this also covers DEL, C1, U+2028/2029 and the bidi
 * controls it leaves raw).
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_BUT_NEWLINE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

const escapeOne = (c: string): string => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Text as a terminal may show it: every control character escaped ("a\u001b[2Jb" -> "a\\u001b[2Jb",
 * a newline -> "\\n"), so it stays on its line. With `keepNewlines`, newlines are kept: for text
 * made of lines whose names have been escaped already (the last line of defence at the output).
 */
export function escapeText(s: string, keepNewlines = false): string {
  return s.replace(keepNewlines ? CONTROL_BUT_NEWLINE : CONTROL, escapeOne);
}
