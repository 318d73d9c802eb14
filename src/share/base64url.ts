/** base64url (RFC 4648 section 5) without padding: the alphabet that survives a URL fragment untouched. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63];
  }
  return out;
}

export type Base64Result = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/** Strict decoder: every character must be in the alphabet and the length must be possible. Never throws. */
export function fromBase64url(s: string): Base64Result {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || LOOKUP[c] < 0) {
      const shown = c >= 32 && c < 127 ? `"${s[i]}"` : `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
      return { ok: false, error: `character ${i + 1} (${shown}) is not allowed in a share link` };
    }
  }
  if (s.length % 4 === 1) return { ok: false, error: 'its length is impossible for the encoding' };
  const bytes = new Uint8Array(Math.floor((s.length * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 3 < s.length; i += 4) {
    const n =
      (LOOKUP[s.charCodeAt(i)] << 18) |
      (LOOKUP[s.charCodeAt(i + 1)] << 12) |
      (LOOKUP[s.charCodeAt(i + 2)] << 6) |
      LOOKUP[s.charCodeAt(i + 3)];
    bytes[o++] = n >> 16;
    bytes[o++] = (n >> 8) & 255;
    bytes[o++] = n & 255;
  }
  const rest = s.length - i;
  // The bits of the last character beyond the data must be zero (a canonical encoding); anything
  // else means the link was altered.
  if ((rest === 2 && LOOKUP[s.charCodeAt(i + 1)] & 15) || (rest === 3 && LOOKUP[s.charCodeAt(i + 2)] & 3))
    return { ok: false, error: 'its last character is not a possible ending' };
  if (rest >= 2) {
    const n =
      (LOOKUP[s.charCodeAt(i)] << 18) |
      (LOOKUP[s.charCodeAt(i + 1)] << 12) |
      (rest === 3 ? LOOKUP[s.charCodeAt(i + 2)] << 6 : 0);
    bytes[o++] = n >> 16;
    if (rest === 3) bytes[o++] = (n >> 8) & 255;
  }
  return { ok: true, bytes };
}
