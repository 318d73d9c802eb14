/**
 * The share controls in the top bar; mounting it also keeps the URL fragment in sync (useShareSync)
 * and opens files dropped on the page (useFileDrop), with the model import's dialog.
 */
import { ModelImportDialog } from '../import/ModelImportDialog.tsx';
import { useFileDrop } from '../import/useFileDrop.ts';
import { CopyLinkButton } from './CopyLinkButton.tsx';
import { ImportExportMenu } from './ImportExportMenu.tsx';
import { useShareSync } from './useShareSync.ts';
import './share.css';

export function ShareToolbar() {
  useShareSync();
  useFileDrop();
  return (
    <span className="share-toolbar" data-testid="share-toolbar">
      <CopyLinkButton />
      <ImportExportMenu />
      <ModelImportDialog />
    </span>
  );
}
