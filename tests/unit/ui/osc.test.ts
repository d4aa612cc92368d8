/**
 * OSC 8 links and OSC 52 clipboard writes carry vendor URLs inside escape sequences: a URL
 * holding ESC, BEL or a C1 terminator must never end the sequence early. Links are on only
 * where the terminal is known to draw them, or where the user says so.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detectHyperlinks,
  detectMultiplexer,
  osc8,
  osc52,
  safeLinkTarget,
} from '../../../src/ui/text/osc.js';

const ESC = '\u001B';
const CONTROLS = /[\x00-\x1f\x7f-\x9f]/;

describe('safeLinkTarget', () => {
  it('keeps http(s) URLs, refuses other schemes and junk', () => {
    expect(safeLinkTarget('https://acme.example/incidents/Q1')).toBe('https://acme.example/incidents/Q1');
    expect(safeLinkTarget('http://127.0.0.1:8080/nav_to.do?uri=incident.do?sys_id=1')).toBe(
      'http://127.0.0.1:8080/nav_to.do?uri=incident.do?sys_id=1',
    );
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'not a url', '', undefined])
      expect(safeLinkTarget(bad)).toBeUndefined();
    expect(safeLinkTarget(`https://x.example/${'a'.repeat(3000)}`)).toBeUndefined();
  });

  it('an escape in a URL is removed (the target is what the screen shows), never passed through', () => {
    const sneaky = `https://x.example/a${ESC}]52;c;ZXZpbA==\u0007b${ESC}[2Jc\u009cd`;
    expect(safeLinkTarget(sneaky)).toBe('https://x.example/abcd');
    expect(safeLinkTarget('https://x.example/a b\u00e9')).toBe('https://x.example/a%20b%C3%A9');
  });
});

describe('osc8', () => {
  it('wraps text in exactly one link whose target is printable ASCII, whatever the URL', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
        (path, junk) => {
          const out = osc8('INC0010001', `https://x.example/${path}${junk}`);
          if (out === 'INC0010001') return;
          const m = out.match(/^\u001B\]8;;([^\u001B]*)\u001B\\INC0010001\u001B\]8;;\u001B\\$/);
          expect(m, JSON.stringify(out)).not.toBeNull();
          expect(m![1]).toMatch(/^[\x21-\x7e]+$/);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('no link at all for an unsafe target: the text alone', () => {
    expect(osc8('#4211', 'javascript:alert(1)')).toBe('#4211');
    expect(osc8('#4211', undefined)).toBe('#4211');
  });
});

describe('osc52', () => {
  const payload = (seq: string) => seq.match(/\]52;c;([A-Za-z0-9+/=]*)/)?.[1];

  it('base64 of the text, so nothing in it can end the sequence', () => {
    const seq = osc52(`https://x.example/${ESC}\u0007`);
    expect(seq.startsWith(`${ESC}]52;c;`)).toBe(true);
    expect(seq.endsWith(`${ESC}\\`)).toBe(true);
    expect(Buffer.from(payload(seq)!, 'base64').toString('utf8')).toBe(`https://x.example/${ESC}\u0007`);
    expect(seq.slice(1, -2)).not.toMatch(CONTROLS);
  });

  it('tmux: sent plainly and in a DCS passthrough with every ESC doubled', () => {
    const plain = osc52('https://x.example/a');
    const seq = osc52('https://x.example/a', 'tmux');
    expect(seq.startsWith(plain)).toBe(true);
    const wrapped = seq.slice(plain.length);
    expect(wrapped).toBe(`${ESC}Ptmux;${plain.replaceAll(ESC, ESC + ESC)}${ESC}\\`);
  });

  it('screen: DCS chunks of at most 76 bytes that join back to the sequence', () => {
    const plain = osc52(`https://x.example/${'a'.repeat(200)}`);
    const seq = osc52(`https://x.example/${'a'.repeat(200)}`, 'screen');
    const chunks = [...seq.matchAll(/\u001BP([\s\S]*?)\u001B\\(?=\u001BP|$)/g)].map((m) => m[1]!);
    expect(chunks.every((c) => c.length <= 76)).toBe(true);
    expect(chunks.join('')).toBe(plain);
  });
});

describe('detection', () => {
  it('multiplexers from the environment', () => {
    expect(detectMultiplexer({ TMUX: '/tmp/tmux-1000/default,1,0' })).toBe('tmux');
    expect(detectMultiplexer({ STY: '1234.pts-0' })).toBe('screen');
    expect(detectMultiplexer({ TERM: 'screen-256color' })).toBe('screen');
    expect(detectMultiplexer({ TERM: 'xterm-256color' })).toBe('none');
  });

  it('links only in terminals known to draw them; never in a multiplexer or a dumb terminal unless forced', () => {
    expect(detectHyperlinks({})).toBe(false);
    expect(detectHyperlinks({ TERM: 'xterm-256color' })).toBe(false);
    expect(detectHyperlinks({ TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '3.4.19' })).toBe(true);
    expect(detectHyperlinks({ TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '2.9' })).toBe(false);
    expect(detectHyperlinks({ TERM_PROGRAM: 'vscode', TERM_PROGRAM_VERSION: '1.95.0' })).toBe(true);
    expect(detectHyperlinks({ VTE_VERSION: '7200' })).toBe(true);
    expect(detectHyperlinks({ VTE_VERSION: '4600' })).toBe(false);
    expect(detectHyperlinks({ TERM: 'xterm-kitty' })).toBe(true);
    expect(detectHyperlinks({ WT_SESSION: 'x' })).toBe(true);
    expect(detectHyperlinks({ WT_SESSION: 'x', TMUX: '/tmp/t' })).toBe(false);
    expect(detectHyperlinks({ TERM: 'dumb', VTE_VERSION: '7200' })).toBe(false);
  });

  it('ITOPS_HYPERLINKS wins over the config setting, which wins over detection', () => {
    expect(detectHyperlinks({ ITOPS_HYPERLINKS: '1', TERM: 'dumb' })).toBe(true);
    expect(detectHyperlinks({ ITOPS_HYPERLINKS: '0', TERM: 'xterm-kitty' }, 'on')).toBe(false);
    expect(detectHyperlinks({ TERM: 'xterm-256color' }, 'on')).toBe(true);
    expect(detectHyperlinks({ TERM: 'xterm-kitty' }, 'off')).toBe(false);
  });
});
