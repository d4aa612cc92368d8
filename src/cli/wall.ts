/**
 * `itops-tui wall`: the cockpit's session with the wall layout. What differs from the cockpit
 * is decided here, so the session code stays one: the store refuses writes (`wall: true`), the
 * layout, the rotation, the staleness threshold and a low frame cap.
 */
import type { LoadedConfig } from '../config/load.js';
import type { CliArgs } from './args.js';

export interface LayoutChoice {
  layout: 'cockpit' | 'wall';
  wall?: { rotateMs: number; staleAfterMs: number | null };
  maxFps: number;
}

export function layoutChoice(
  args: Pick<CliArgs, 'command' | 'rotateSeconds'>,
  config: LoadedConfig,
): LayoutChoice {
  if (args.command !== 'wall') return { layout: 'cockpit', maxFps: config.ui.maxFps };
  const { wall } = config;
  return {
    layout: 'wall',
    wall: {
      rotateMs: (args.rotateSeconds ?? wall.rotateSeconds) * 1000,
      staleAfterMs: wall.staleSeconds === undefined ? null : wall.staleSeconds * 1000,
    },
    maxFps: wall.maxFps,
  };
}
