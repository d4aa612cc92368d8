/**
 * From a plugin's declarations to the descriptors the cockpit runs on: the standard actions its
 * capabilities name, adjusted by what it declares, plus its own actions. A plugin's declarations
 * are checked here like its records are (plain-JS plugins exist): a bad one is refused with the
 * path of what is wrong, never half-used. @experimental added within plugin API v1 (issue 9).
 */
import { checkPluginActions } from './action-check.js';
import type {
  ActionDeclaration,
  ActionDescriptor,
  ChoiceOption,
  CustomActionDeclaration,
  InputStep,
  PluginActions,
} from './action-types.js';
import { ACTION_SPECS, type ActionCapability, standardDescriptor } from './actions.js';

/** Why a plugin's action declarations cannot be used, or null. `pluginId` namespaces its own actions. */
export function actionDeclarationProblem(pluginId: string, actions: unknown): string | null {
  if (actions === undefined) return null;
  const problem = checkPluginActions(actions, 'actions');
  if (problem) return problem;
  const checked = actions as PluginActions;
  for (const key of Object.keys(checked.standard ?? {})) {
    if (!Object.hasOwn(ACTION_SPECS, key)) return `actions.standard.${key}: not a standard action`;
  }
  const seen = new Set<string>();
  for (const [i, c] of (checked.custom ?? []).entries()) {
    if (!c.id.startsWith(`${pluginId}.`))
      return `actions.custom.${i}.id: "${c.id}" must start with the plugin id ("${pluginId}.")`;
    if (seen.has(c.id)) return `actions.custom.${i}.id: "${c.id}" is declared twice`;
    seen.add(c.id);
  }
  return null;
}

/** The options of a chooser after the plugin's choices: filled in, or picked and relabelled. */
function withChoices(steps: readonly InputStep[], choices: ActionDeclaration['choices']): InputStep[] {
  return steps.map((step): InputStep => {
    if (step.kind === 'text') return step;
    const given = choices?.[step.field];
    let options: readonly ChoiceOption[] = step.options;
    if (given && step.options.length === 0) options = given;
    else if (given) {
      options = given.flatMap((c) => {
        const base = step.options.find((o) => o.value === c.value);
        return base ? [{ ...base, label: c.label }] : [];
      });
    }
    options = options.map((o) => (o.next ? { ...o, next: withChoices(o.next, choices) } : o));
    if (options.length > 0) return { ...step, options };
    // Nothing to choose from (the plugin gave no list): ask for the value in words instead.
    return {
      kind: 'text',
      field: step.field,
      label: step.title,
      required: 'A value is needed here (Esc cancels).',
    };
  });
}

/**
 * A descriptor adjusted by declarations, later ones winning: words field by field, input as a
 * whole, choices field by field. Choices apply to the input once, at the end, so a connector's
 * run-time list replaces the plugin's default list instead of being filtered by it.
 */
function adjust(base: ActionDescriptor, ...ds: (ActionDeclaration | undefined)[]): ActionDescriptor {
  const out: ActionDescriptor = { ...base, wording: { ...base.wording } };
  let choices: NonNullable<ActionDeclaration['choices']> = {};
  for (const d of ds) {
    if (!d) continue;
    out.wording = { ...out.wording, ...d.wording };
    if (d.danger) out.danger = d.danger;
    if (d.hint !== undefined) out.hint = d.hint;
    if (d.input) out.input = d.input;
    if (d.plan === null) delete out.plan;
    else if (d.plan) out.plan = d.plan;
    choices = { ...choices, ...d.choices };
  }
  // Even with nothing declared: a chooser nobody gave options to becomes a text step.
  out.input = withChoices(out.input, choices);
  return out;
}

function customDescriptor(c: CustomActionDeclaration, streamOf: (kind: string) => string | undefined) {
  const stream = streamOf(c.kind);
  const base: ActionDescriptor = {
    id: c.id,
    custom: true,
    kind: c.kind,
    method: c.method,
    command: c.id,
    key: c.key,
    hint: c.hint ?? 6,
    wording: c.wording,
    danger: c.danger,
    input: c.input ?? [],
    refresh: c.refresh ?? (stream ? [stream] : []),
    ...(c.plan ? { plan: c.plan } : {}),
  };
  return base;
}

/**
 * Descriptors for a connector: each standard action its capabilities name, adjusted by its
 * declarations, then by `refined` (what its connector said at run time, e.g. choices read from
 * the instance); then its own actions. `refined` may only adjust actions declared up front.
 */
export function resolveActions(
  capabilities: readonly string[],
  declared: PluginActions | undefined,
  refined: PluginActions | undefined,
  streamOf: (kind: string) => string | undefined,
): ActionDescriptor[] {
  const out: ActionDescriptor[] = [];
  for (const cap of Object.keys(ACTION_SPECS) as ActionCapability[]) {
    if (!capabilities.includes(cap)) continue;
    out.push(adjust(standardDescriptor(cap), declared?.standard?.[cap], refined?.standard?.[cap]));
  }
  for (const c of declared?.custom ?? []) {
    const later = refined?.custom?.find((r) => r.id === c.id);
    const { id: _i, kind: _k, method: _m, key: _y, refresh: _r, ...adjustable } = later ?? {};
    const own = c.choices ? { choices: c.choices } : undefined;
    out.push(adjust(customDescriptor(c, streamOf), own, later ? adjustable : undefined));
  }
  return out;
}
