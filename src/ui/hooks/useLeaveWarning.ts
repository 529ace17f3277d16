/**
 * Asks before the tab is reloaded or closed while `active`: a proof in progress lives only in its
 * worker, and reloading would drop it and the values being proved (issue 15, item 10). Browsers
 * show their own wording; the page can only ask for the dialog.
 */
import { useEffect } from 'react';

export function useLeaveWarning(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const ask = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older Chromium versions only show the dialog when returnValue is set.
      e.returnValue = '';
    };
    addEventListener('beforeunload', ask);
    return () => removeEventListener('beforeunload', ask);
  }, [active]);
}
