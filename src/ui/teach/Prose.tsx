/** Teaching prose: plain text with inline math between $...$ typeset by KaTeX (never shown as source). */
import { proseSegments } from '../../core/index.ts';
import { Tex } from './Tex.tsx';

export function Prose({ text }: { text: string }) {
  return (
    <>
      {proseSegments(text).map((s, i) =>
        s.math ? <Tex key={i} src={s.text} /> : <span key={i}>{s.text}</span>,
      )}
    </>
  );
}
