/** The terminal side of attention: BEL, and the window title saved, set and given back. */
import { expect, it } from 'vitest';
import { terminalAttention } from '../../../src/ui/hooks/use-attention.js';

it('rings with BEL and sets the title between a push and a pop of the old one', () => {
  const out: string[] = [];
  const sink = terminalAttention({ write: (s: string) => out.push(s) });
  sink.bell();
  sink.title('itops: 2 new P1');
  sink.title('itops: 3 new P1');
  sink.title(null);
  sink.title(null);
  expect(out).toEqual([
    '\u0007',
    '\u001B[22;0t',
    '\u001B]2;itops: 2 new P1\u0007',
    '\u001B]2;itops: 3 new P1\u0007',
    '\u001B[23;0t',
  ]);
});
