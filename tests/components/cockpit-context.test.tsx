/**
 * Issue 9: the cockpit's parts read its state and actions through two contexts whose hooks
 * throw outside <Cockpit>, so a part rendered in the wrong place fails loudly instead of
 * drawing from defaults.
 */
import { Text } from 'ink';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { panelSources } from '../../src/store/selectors.js';
import { RenderBoundary } from '../../src/ui/components/RenderBoundary.js';
import { useCockpit, useCockpitActions } from '../../src/ui/hooks/use-cockpit.js';
import { COCKPIT_PANELS } from '../../src/ui/panels/registry.js';
import { definePanel } from '../../src/ui/panels/types.js';
import { createTestStore } from '../helpers/fixture-store.js';
import { cleanup, render, renderApp, stripAnsi } from '../helpers/render.js';

afterEach(cleanup);

function StateProbe() {
  const m = useCockpit();
  return <Text>{`focus ${m.ui.focus}, ${m.panels.length} panels, ${m.list.length} rows`}</Text>;
}
function ActionsProbe() {
  const act = useCockpitActions();
  return <Text>{`can ${Object.keys(act).sort().join(' ')}`}</Text>;
}

describe('cockpit contexts', () => {
  test.each([
    ['useCockpit', <StateProbe key="s" />, 'useCockpit() outside <Cockpit>'],
    ['useCockpitActions', <ActionsProbe key="a" />, 'useCockpitActions() outside <Cockpit>'],
  ])('%s throws outside its provider, with what to do', async (_name, probe, message) => {
    const r = render(
      <RenderBoundary label="The probe" width={100} height={4} retryKey={0}>
        {probe}
      </RenderBoundary>,
      { cols: 100, rows: 4 },
    );
    await vi.waitFor(() => expect(stripAnsi(r.lastFrame())).toContain(message));
  });

  test('inside the cockpit a panel reads the same state and actions as the layout, no props threaded', async () => {
    const probe = definePanel({
      id: 'probe',
      title: 'Probe',
      streams: [],
      list: false,
      derive: (state, { real }) => panelSources(state, { streams: [], hint: 'probe' }, real),
      headline: () => [],
      rows: () => [],
      Body: () => (
        <>
          <StateProbe />
          <ActionsProbe />
        </>
      ),
    });
    const r = renderApp(createTestStore().store, { cols: 160, rows: 48, panels: [...COCKPIT_PANELS, probe] });
    await vi.waitFor(() => expect(r.frame()).toContain('focus queue, 6 panels, 5 rows'));
    expect(r.frame()).toContain('can dispatch notify quit refresh run');
    r.stdin.write('j');
    r.stdin.write('4');
    await vi.waitFor(() => expect(r.frame()).toMatch(/focus sla, 6 panels, \d+ rows/));
  });
});
