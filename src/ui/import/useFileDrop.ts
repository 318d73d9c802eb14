import { useEffect } from 'react';
import { importDesignFile } from '../share/ImportExportMenu.tsx';

/**
 * Dropping a file anywhere on the page opens it: a model file is imported, a design file opened,
 * through the same paths as the menu. The page shows a drop target while a file is dragged over.
 */
export function useFileDrop(): void {
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
    const show = (on: boolean) => document.body.classList.toggle('drop-target', on);
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      show(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (!depth) show(false);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      show(false);
      const file = e.dataTransfer?.files[0];
      if (file) void importDesignFile(file);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
      show(false);
    };
  }, []);
}
