import { useContext } from 'react';
import { sanitizeText } from '../../domain/sanitize.js';
import { ClipboardContext } from '../clipboard.js';
import { useCommand } from '../keys/use-command.js';
import { safeLinkTarget } from '../text/osc.js';
import { useCockpit, useCockpitActions } from './use-cockpit.js';

/**
 * `c`: the selected record's (or the open detail's) link onto the clipboard. Only a URL that
 * parses as http(s) and re-serialises as printable ASCII is sent (see `safeLinkTarget`).
 */
export function useCopyLink(): void {
  const m = useCockpit();
  const act = useCockpitActions();
  const clipboard = useContext(ClipboardContext);
  useCommand('app.copyLink', () => {
    const subject = m.subject;
    if (!subject) {
      act.notify('info', 'Select a record to copy its link.');
      return 'handled';
    }
    const label = sanitizeText(subject.label);
    const raw = (subject.record as { url?: unknown }).url;
    const url = typeof raw === 'string' ? safeLinkTarget(sanitizeText(raw)) : undefined;
    if (!url) {
      act.notify('warn', `${label} has no web link to copy.`);
      return 'handled';
    }
    if (!clipboard) {
      act.notify('warn', `Copying needs the cockpit's own terminal. The link: ${url}`);
      return 'handled';
    }
    clipboard.copy(url);
    act.notify('success', `Copied the link of ${label} (OSC 52; the terminal must allow clipboard writes).`);
    return 'handled';
  });
}
