import type { CommandId } from './commands.js';

/**
 * Default bindings, primary first (the footer and help show the first one).
 * A `Record<CommandId, …>` so forgetting a command is a compile error.
 */
export const defaultBindings: Record<CommandId, readonly string[]> = {
  'nav.nextPanel': ['tab'],
  'nav.prevPanel': ['shift+tab'],
  'nav.panel1': ['1'],
  'nav.panel2': ['2'],
  'nav.panel3': ['3'],
  'nav.panel4': ['4'],
  'nav.down': ['down', 'j'],
  'nav.up': ['up', 'k'],
  'nav.pageDown': ['pagedown', 'ctrl+d'],
  'nav.pageUp': ['pageup', 'ctrl+u'],
  'nav.top': ['g', 'home'],
  'nav.bottom': ['shift+g', 'end'],
  'nav.open': ['enter'],
  'nav.back': ['escape'],
  'incident.ack': ['a'],
  'incident.escalate': ['e'],
  'incident.resolve': ['shift+r'],
  'incident.note': ['n'],
  'incident.assign': ['m'],
  'incident.state': ['s'],
  'dialog.confirm': ['y'],
  'dialog.cancel': ['n', 'escape', 'enter'],
  'help.close': ['escape', '?'],
  'app.help': ['?'],
  'app.status': ['i'],
  // q closes rather than quits here, as in a pager; Ctrl-C still quits from anywhere.
  'status.close': ['escape', 'i', 'q'],
  'status.retry': ['r'],
  'status.down': ['down', 'j'],
  'status.up': ['up', 'k'],
  'status.pageDown': ['pagedown', 'ctrl+d', 'space'],
  'status.pageUp': ['pageup', 'ctrl+u'],
  'app.refresh': ['r'],
  'app.suspend': ['ctrl+z'],
  'app.redraw': ['ctrl+l'],
  'app.quit': ['q'],
  'app.forceQuit': ['ctrl+c'],
};
