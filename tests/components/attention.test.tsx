/** A new urgent incident rings the bell and retitles the window, once, and never at start (issue 15). */
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Incident } from '../../src/domain/model.js';
import { App, LAYOUTS } from '../../src/ui/App.js';
import type { AttentionSink } from '../../src/ui/hooks/use-attention.js';
import { cockpitKeymap } from '../../src/ui/keys/cockpit-keys.js';
import { createTheme } from '../../src/ui/theme/theme.js';
import { createTestStore, INCIDENTS, NOW, stream } from '../helpers/fixture-store.js';
import { cleanup, render, stripAnsi } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);

function recorder() {
  const events: string[] = [];
  const sink: AttentionSink = {
    bell: () => events.push('bell'),
    title: (t) => events.push(`title:${t}`),
  };
  return { events, sink };
}

function mount(attention: { bell: boolean; title: boolean }) {
  const t = createTestStore();
  const rec = recorder();
  const clock = { now: () => NOW };
  const r = render(
    <App
      store={t.store}
      keymap={cockpitKeymap(t.store.getState(), LAYOUTS.cockpit.panels)}
      theme={createTheme()}
      clock={clock}
      version="0.1.0"
      demo={false}
      readOnly={false}
      attention={attention}
      attentionSink={rec.sink}
    />,
    { cols: 100, rows: 30 },
  );
  const setIncidents = (incidents: Incident[]) =>
    t.container.set((s) => ({
      ...s,
      connectors: {
        ...s.connectors,
        'pd-demo': {
          ...s.connectors['pd-demo']!,
          streams: { ...s.connectors['pd-demo']!.streams, incidents: stream('incidents', incidents) },
        },
      },
    }));
  return { t, r, rec, setIncidents, frame: () => stripAnsi(r.lastFrame()) };
}

const NEW_P1: Incident = {
  ...INCIDENTS[0]!,
  id: 'Q9',
  key: '#4300',
  title: 'Payments down',
  status: 'triggered',
  priority: 'P1',
};

describe('attention', () => {
  test('first load is quiet; a new P1 rings once and titles the window until it is acknowledged', async () => {
    const m = mount({ bell: true, title: true });
    await vi.waitFor(() => expect(m.frame()).toContain('#4211'));
    // The fixture already holds triggered P1 and high-urgency incidents: none of them rings.
    expect(m.rec.events).toEqual([]);
    m.setIncidents([...INCIDENTS, NEW_P1]);
    await vi.waitFor(() => expect(m.rec.events).toEqual(['bell', 'title:itops: 1 new P1']));
    // The next poll with the same incidents is not news.
    m.setIncidents([...INCIDENTS, { ...NEW_P1 }]);
    await vi.waitFor(() => expect(m.frame()).toContain('#4300'));
    expect(m.rec.events).toEqual(['bell', 'title:itops: 1 new P1']);
    m.setIncidents([...INCIDENTS, { ...NEW_P1, status: 'acknowledged' }]);
    await vi.waitFor(() => expect(m.rec.events.at(-1)).toBe('title:null'));
    expect(m.rec.events.filter((e) => e === 'bell')).toHaveLength(1);
  });

  test('off (the wall, and the default): nothing rings, the title is left alone', async () => {
    const m = mount({ bell: false, title: false });
    await vi.waitFor(() => expect(m.frame()).toContain('#4211'));
    m.setIncidents([...INCIDENTS, NEW_P1]);
    await vi.waitFor(() => expect(m.frame()).toContain('#4300'));
    expect(m.rec.events).toEqual([]);
  });

  test('bell only: no title change', async () => {
    const m = mount({ bell: true, title: false });
    await vi.waitFor(() => expect(m.frame()).toContain('#4211'));
    m.setIncidents([...INCIDENTS, NEW_P1]);
    await vi.waitFor(() => expect(m.rec.events).toEqual(['bell']));
  });
});
