/** The share controls in the top bar; mounting it also keeps the URL fragment in sync (useShareSync). */
import { CopyLinkButton } from './CopyLinkButton.tsx';
import { ImportExportMenu } from './ImportExportMenu.tsx';
import { useShareSync } from './useShareSync.ts';
import './share.css';

export function ShareToolbar() {
  useShareSync();
  return (
    <span className="share-toolbar" data-testid="share-toolbar">
      <CopyLinkButton />
      <ImportExportMenu />
    </span>
  );
}
