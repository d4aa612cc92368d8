/**
 * Issue 9 against the ServiceNow simulator, through the real connector, host port and store:
 * the connector describes its actions in its own words and with the instance's own choices.
 * - "escalate" says exactly which fields its `escalate` setting writes;
 * - the hold reasons offered are the instance's sys_choice list (one the defaults lack
 *   included), and picking that one writes its code.
 */
import { createTestContext } from 'itops-tui/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import servicenow from '../../plugins/servicenow/index.js';
import { subjectOf } from '../../src/domain/kinds.js';
import type { Incident } from '../../src/domain/model.js';
import { createConnectorPort } from '../../src/host/connector.js';
import type { ChoiceStep, Plugin } from '../../src/plugin-api/index.js';
import { createWorld, ManualClock, type Simulators, startSimulators } from '../../src/sim/index.js';
import { HOLD_LABELS } from '../../src/sim/servicenow/model.js';
import { type CockpitStore, createCockpitStore } from '../../src/store/scheduler.js';

let sims: Simulators | undefined;
let store: CockpitStore | undefined;
afterEach(async () => {
  await store?.stop();
  await sims?.close();
  store = undefined;
  sims = undefined;
  delete HOLD_LABELS['6'];
});

async function cockpit(settings: Record<string, unknown>) {
  const clock = new ManualClock();
  sims = await startSimulators({ world: createWorld({ seed: 11, clock }), clock });
  const s = sims;
  const config = servicenow.configSchema.parse({
    plugin: 'servicenow',
    instanceUrl: s.servicenow.url,
    auth: { kind: 'basic', username: s.servicenow.username, password: s.servicenow.password },
    ...settings,
  });
  const ctx = createTestContext(config, { instance: 'snow', now: () => s.clock.now() });
  const connector = await servicenow.setup(ctx);
  const port = createConnectorPort('snow', servicenow as unknown as Plugin, connector as never);
  store = createCockpitStore({
    ports: [port],
    clock: { now: () => Date.now() },
    intervals: { snow: { incidents: 600_000, slas: 600_000 } },
  });
  await store.firstLoad();
  return store;
}

const actionOf = (s: CockpitStore, id: string) =>
  s.getState().connectors.snow!.actions.find((a) => a.id === id);

describe('ServiceNow describes its actions', () => {
  it('escalate names the fields its settings write, and asks no level', async () => {
    const s = await cockpit({ escalate: 'both', escalationGroup: 'Network' });
    await vi.waitFor(() => expect(actionOf(s, 'incidents.escalate')?.wording.lines).toHaveLength(4));
    const escalate = actionOf(s, 'incidents.escalate')!;
    expect(escalate.plan).toBeUndefined();
    expect(escalate.wording.lines).toEqual([
      'Sets impact = 1 - High and urgency = 1 - High, so its priority becomes 1 - Critical (unless it is P1 already).',
      'Sets assignment_group = Network.',
      'Adds the work note "Escalated from itops-tui".',
      'A P1 brings the P1 SLAs with it, counted from when the ticket opened.',
    ]);
  });

  it("offers the instance's hold reasons, and one the defaults lack is written by its code", async () => {
    HOLD_LABELS['6'] = 'Awaiting Parts';
    const s = await cockpit({});
    const holdReasons = () => {
      const state = actionOf(s, 'incidents.state')?.input[0] as ChoiceStep | undefined;
      const hold = state?.options.find((o) => o.value === 'on_hold')?.next?.[0] as ChoiceStep | undefined;
      return hold?.options.map((o) => o.label) ?? [];
    };
    await vi.waitFor(() => expect(holdReasons()).toContain('Awaiting Parts'));
    expect(holdReasons()).toEqual(expect.arrayContaining(['Awaiting Caller', 'Awaiting Vendor']));

    const open = (s.getState().connectors.snow!.streams.incidents!.records as Incident[]).find(
      (i) => i.status !== 'resolved' && !i.onHold,
    )!;
    const outcome = await s.runAction({
      action: 'incidents.state',
      subject: subjectOf(open),
      values: { state: 'on_hold', holdReason: 'Awaiting Parts' },
    });
    expect(outcome).toMatchObject({ ok: true });
    await vi.waitFor(() => {
      const now = (s.getState().connectors.snow!.streams.incidents!.records as Incident[]).find(
        (i) => i.id === open.id,
      );
      expect(now).toMatchObject({ onHold: true, holdReason: 'Awaiting Parts' });
    });
  });
});
