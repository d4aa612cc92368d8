/** Temp folders for config tests: a fake HOME, XDG dir and project dir per test. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Sandbox {
  root: string;
  home: string;
  xdg: string;
  project: string;
  env: NodeJS.ProcessEnv;
  /** Write a file under root (creating folders); returns its absolute path. */
  write(relative: string, content: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function makeSandbox(): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), 'itops-config-'));
  const home = join(root, 'home');
  const xdg = join(root, 'xdg');
  const project = join(root, 'project');
  await Promise.all([home, xdg, project].map((d) => mkdir(d, { recursive: true })));
  return {
    root,
    home,
    xdg,
    project,
    // Never the real HOME: a developer's own config must not leak into tests.
    env: { HOME: home, XDG_CONFIG_HOME: xdg, XDG_STATE_HOME: join(root, 'state') },
    async write(relative, content) {
      const path = join(root, relative);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
      return path;
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
