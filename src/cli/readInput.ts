import { closeSync, constants, openSync, readSync, type Stats } from 'node:fs';
import { exact } from '../core/format.ts';
import { UsageError } from './types.ts';

/** How long reading one file may take: a FIFO nobody writes to, or a device that never ends. */
export const READ_TIMEOUT_MS = 10_000;

/** The timeout in force: READ_TIMEOUT_MS, or CONVCOST_READ_TIMEOUT_MS (milliseconds) when set. */
export function readTimeoutMs(): number {
  const v = Number(process.env.CONVCOST_READ_TIMEOUT_MS);
  return Number.isInteger(v) && v > 0 ? v : READ_TIMEOUT_MS;
}

const CHUNK = 1 << 16;
const pause = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(pause, 0, 0, ms);

/**
 * Reads a file for the command line, at most `maxBytes` and for at most `timeoutMs`: a regular
 * file by its size, anything else (a FIFO, a device such as /dev/zero, a socket) in chunks with
 * the descriptor non-blocking, so an endless source stops at the cap and a silent or trickling one
 * at the timeout instead of exhausting memory or hanging. A FIFO that is empty so far is waited for
 * (its writer may not have opened it yet). Throws a one-line UsageError naming the file.
 */
export function readInputFile(
  path: string,
  st: Stats,
  maxBytes: number,
  timeoutMs = readTimeoutMs(),
): Uint8Array {
  const name = JSON.stringify(path);
  if (st.isFile() && st.size > maxBytes)
    throw new UsageError(`${name} is too large (${exact(st.size)} bytes; at most ${exact(maxBytes)})`);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const deadline = Date.now() + timeoutMs;
    const late = () => {
      if (Date.now() < deadline) return false;
      const seconds = `${(timeoutMs / 1000).toLocaleString('en-US')} s`;
      throw new UsageError(
        total
          ? `${name} did not end within ${seconds} (${exact(total)} bytes read); it was not used`
          : `nothing was written to ${name} within ${seconds} (a FIFO or device with no writer?)`,
      );
    };
    for (;;) {
      const buf = new Uint8Array(CHUNK);
      let n: number;
      try {
        n = readSync(fd, buf, 0, CHUNK, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        if (!late()) sleep(10);
        continue;
      }
      if (n === 0) {
        // The end, except for a FIFO or device with nothing in it yet: wait for its writer.
        if (st.isFile() || total > 0) break;
        if (!late()) sleep(10);
        continue;
      }
      total += n;
      if (total > maxBytes)
        throw new UsageError(
          `${name} is too large (more than ${exact(maxBytes)} bytes, the most a file may be); it was not read further`,
        );
      chunks.push(n === CHUNK ? buf : buf.subarray(0, n));
      // A regular file always ends; only a stream may keep going (or trickle) for ever.
      if (!st.isFile()) late();
    }
    const out = new Uint8Array(total);
    let o = 0;
    for (const c of chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}
