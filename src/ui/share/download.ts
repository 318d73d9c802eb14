import type { Design } from '../../design/schema.ts';
import { designToJson } from '../../share/codec.ts';
import type { ViewLike } from '../../share/view.ts';

/** Saves text (or bytes) as a file through a temporary object URL (no server involved). */
export function downloadText(filename: string, text: string | Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([text as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name stem from a design name: letters, digits and dashes only. */
export function fileStem(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60);
  return s || 'design';
}

/** The design file of a design (and its view): name, text and type for downloadText. */
export function designFile(design: Design, view?: ViewLike): Parameters<typeof downloadText> {
  return [`${fileStem(design.name)}.convcost.json`, designToJson(design, view), 'application/json'];
}
