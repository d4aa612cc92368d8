/**
 * What the ServiceNow connector says about its actions: a note is a work note, "escalate"
 * changes the fields its `escalate` setting names (said exactly in the confirm), and the state
 * chooser offers the instance's own states, hold reasons and close codes (from sys_choice, with
 * ServiceNow's defaults until the first load could read them, or when it cannot).
 */
import type { ActionDeclaration, ChoiceOption, PluginActions } from 'itops-tui/plugin';
import { type ChoiceLabels, CLOSE_CODES, HOLD_REASONS, holdReasons } from './map.js';
import type { ServiceNowConfig } from './schema.js';

export const ESCALATION_NOTE = 'Escalated from itops-tui';

const plain = (labels: readonly string[]): ChoiceOption[] => labels.map((l) => ({ value: l, label: l }));

/** Known before setup: the words of a work note and the default choices. */
export const SERVICENOW_ACTIONS: PluginActions = {
  standard: {
    'incidents.note': {
      wording: {
        noun: 'work note',
        question: 'Add a work note to {subject}?',
        confirmLabel: 'Add work note',
      },
      input: [
        {
          kind: 'text',
          field: 'text',
          label: 'Add a work note to {subject}',
          placeholder: 'what you found or did',
          required: 'A work note needs some text (Esc cancels).',
          line: '"{value}"',
        },
      ],
    },
    'incidents.escalate': {
      // A ticket has no escalation levels: the confirm says which fields change instead.
      plan: null,
      wording: {
        lines: [
          '{source} sets impact and urgency to 1 - High (priority 1 - Critical) and/or reassigns it to the escalation group in config, with a work note.',
        ],
      },
    },
    'incidents.state': {
      choices: { holdReason: plain(Object.keys(HOLD_REASONS)), closeCode: plain(CLOSE_CODES) },
    },
  },
};

/** The exact fields "escalate" writes with this connector's settings. */
export function escalateLines(config: Pick<ServiceNowConfig, 'escalate' | 'escalationGroup'>): string[] {
  const lines: string[] = [];
  if (config.escalate !== 'group') {
    lines.push(
      'Sets impact = 1 - High and urgency = 1 - High, so its priority becomes 1 - Critical (unless it is P1 already).',
    );
  }
  if (config.escalate !== 'priority' && config.escalationGroup) {
    lines.push(`Sets assignment_group = ${config.escalationGroup}.`);
  }
  lines.push(`Adds the work note "${ESCALATION_NOTE}".`);
  if (config.escalate !== 'group')
    lines.push('A P1 brings the P1 SLAs with it, counted from when the ticket opened.');
  return lines;
}

/** The state chooser with the instance's own words, when it told them. */
function stateChoices(labels: ChoiceLabels | undefined): ActionDeclaration['choices'] {
  const state = labels?.state ?? {};
  const close = labels?.close_code;
  return {
    state: [
      { value: 'in_progress', label: state['2'] ?? 'In Progress' },
      { value: 'on_hold', label: `${state['3'] ?? 'On Hold'}…` },
      { value: 'resolved', label: `${state['6'] ?? 'Resolved'}…` },
    ],
    holdReason: plain(Object.keys(holdReasons(labels))),
    closeCode:
      close && Object.keys(close).length > 0
        ? Object.entries(close).map(([value, label]) => ({ value, label }))
        : plain(CLOSE_CODES),
  };
}

/** What `describeActions()` answers: the settings' escalation and the instance's choices. */
export function describeServiceNowActions(
  config: Pick<ServiceNowConfig, 'escalate' | 'escalationGroup'>,
  labels: ChoiceLabels | undefined,
): PluginActions {
  return {
    standard: {
      'incidents.escalate': { wording: { lines: escalateLines(config) } },
      'incidents.state': { choices: stateChoices(labels) },
    },
  };
}
