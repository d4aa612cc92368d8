/**
 * The simulated Falcon fleet: devices (hosts with a sensor), prevention and sensor-update
 * policies, sensor builds and Zero Trust Assessment scores, seeded from the shared world.
 *
 * The world's service hosts are here under the names a real fleet gives them: some upper-case
 * (`DB-07`), some as an FQDN (`db-07.prod.acme.internal`), some short with the domain in
 * `machine_domain`. Workstations and laptops fill the fleet up to `hosts` (up to 100,000), with
 * realistic trouble: stale hosts, old sensors, reduced functionality, policies waiting to be
 * applied, hosts without a zero-trust score, and a few names in other scripts.
 *
 * Time: `lastSeen`/`modified` are simulated-clock ms. Online hosts check in all the time; that is
 * not a change of the record (`modified_timestamp` moves only when something about the host
 * changes: a policy applied, containment, a sensor upgrade), so a delta poll stays small.
 */
import { Rng } from '../random.js';
import type { World } from '../world.js';

export type Platform = 'Windows' | 'Mac' | 'Linux';
export type DeviceStatus = 'normal' | 'containment_pending' | 'contained' | 'lift_containment_pending';

export interface PolicyRef {
  policyId: string;
  applied: boolean;
  appliedAt: number;
  assignedAt: number;
}

export interface SimDevice {
  id: string;
  hostname: string;
  machineDomain?: string;
  platform: Platform;
  osVersion: string;
  productType: 'Workstation' | 'Server' | 'Domain Controller';
  agentVersion: string;
  firstSeen: number;
  /** Last check-in; online hosts check in continuously (see `lastSeenOf`). */
  lastSeen: number;
  online: boolean;
  modified: number;
  status: DeviceStatus;
  /** When a pending containment change settles (simulated ms). */
  settlesAt?: number;
  rfm: 'yes' | 'no' | '';
  prevention: PolicyRef;
  sensorUpdate: PolicyRef;
  tags: string[];
  zta?: { overall: number; os: number; sensorConfig: number; modified: number };
  /** World service the host runs, for servers. */
  serviceId?: string;
}

export interface SimPolicy {
  id: string;
  kind: 'prevention' | 'sensor-update';
  name: string;
  platform: Platform;
  created: number;
  modified: number;
  /** Sensor-update only: the target build word and its sensor version. */
  build?: string;
  sensorVersion?: string;
}

export interface SimBuild {
  build: string;
  platform: Platform;
  sensorVersion: string;
  stage: 'prod' | 'early_adopter';
  lts: boolean;
}

export interface FleetOptions {
  /** Devices in the fleet (default 240; at most 100,000). */
  hosts?: number;
  /** Seconds (simulated) a containment change stays pending (default 90). */
  settleSeconds?: number;
}

export const MAX_FLEET = 100_000;
const DAY = 86_400_000;
export const CID = '0123456789abcdef0123456789abcdef';

const BUILDS: Record<Platform, [string, string][]> = {
  // [build, version]: newest first; n-1 / n-2 targets are the second and third.
  Windows: [
    ['19103', '7.21.19103.0'],
    ['18905', '7.20.18905.0'],
    ['18811', '7.19.18811.0'],
    ['18607', '7.16.18607.0'],
  ],
  Mac: [
    ['19101', '7.21.19101.0'],
    ['18902', '7.20.18902.0'],
    ['18806', '7.19.18806.0'],
    ['18601', '7.16.18601.0'],
  ],
  Linux: [
    ['19107', '7.21.19107.0'],
    ['18908', '7.20.18908.0'],
    ['18809', '7.19.18809.0'],
    ['18605', '7.16.18605.0'],
  ],
};

const OS: Record<Platform, string[]> = {
  Windows: ['Windows 11', 'Windows 10', 'Windows Server 2022', 'Windows Server 2019'],
  Mac: ['Sonoma (14)', 'Sequoia (15)'],
  Linux: ['RHEL 9.4', 'Ubuntu 22.04', 'Ubuntu 24.04', 'Debian 12'],
};

const DEPTS = ['FIN', 'HR', 'ENG', 'OPS', 'SALES', 'LEGAL', 'MKT', 'IT'];
/** Names that are hard on terminals and on matching (kept few, as in a real fleet). */
const ODD_NAMES = [
  'KASSE-MÜNCHEN-01',
  'ноутбук-бухгалтерия',
  '工作站-07',
  'ws-é\u0301tude-02',
  'LAPTOP-Ω-12',
  'wks\u200b-zero-width',
];

function hex(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[rng.int(0, 15)];
  return s;
}

export class Fleet {
  readonly devices: SimDevice[] = [];
  readonly byId = new Map<string, SimDevice>();
  readonly policies: SimPolicy[] = [];
  readonly builds: SimBuild[] = [];
  readonly settleMs: number;
  private readonly rng: Rng;
  private lastTick: number;

  constructor(world: World, options: FleetOptions = {}) {
    const total = Math.min(MAX_FLEET, Math.max(0, options.hosts ?? 240));
    this.settleMs = (options.settleSeconds ?? 90) * 1000;
    const rng = new Rng(world.seed * 7919 + 12);
    this.rng = rng.fork();
    const now = world.clock.now();
    this.lastTick = now;
    for (const platform of ['Windows', 'Mac', 'Linux'] as const) {
      for (const [i, [build, version]] of BUILDS[platform].entries()) {
        this.builds.push({
          build,
          platform,
          sensorVersion: version,
          stage: 'prod',
          lts: i === 2,
        });
      }
    }
    const policy = (kind: SimPolicy['kind'], name: string, platform: Platform, tag?: number) => {
      const p: SimPolicy = {
        id: hex(rng, 32),
        kind,
        name,
        platform,
        created: now - 400 * DAY,
        modified: now - rng.int(1, 60) * DAY,
      };
      if (tag !== undefined) {
        const [build, version] = BUILDS[platform][tag]!;
        p.build = tag === 0 ? build : `${build}|n-${tag}|tagged|${tag}`;
        p.sensorVersion = version.replace(/\.0$/, '');
      }
      this.policies.push(p);
      return p;
    };
    const prevention = {
      ws: policy('prevention', 'Workstations - Windows', 'Windows'),
      srv: policy('prevention', 'Servers - Windows', 'Windows'),
      mac: policy('prevention', 'Mac Default', 'Mac'),
      lin: policy('prevention', 'Linux Servers', 'Linux'),
    };
    const updates = {
      Windows: policy('sensor-update', 'Windows n-1', 'Windows', 1),
      WindowsSrv: policy('sensor-update', 'Windows Servers n-2', 'Windows', 2),
      Mac: policy('sensor-update', 'Mac n-1', 'Mac', 1),
      Linux: policy('sensor-update', 'Linux n-2', 'Linux', 2),
    };

    const servers: { name: string; serviceId: string }[] = [];
    for (const s of world.services) for (const h of s.hosts) servers.push({ name: h, serviceId: s.id });
    for (let i = 0; i < total; i++) {
      const server = servers[i];
      const d = rng.fork();
      let hostname: string;
      let machineDomain: string | undefined;
      let platform: Platform;
      let productType: SimDevice['productType'];
      let serviceId: string | undefined;
      const tags: string[] = [];
      if (server) {
        // Real fleets disagree with the CMDB about case and domain.
        const style = i % 3;
        hostname =
          style === 0
            ? server.name.toUpperCase()
            : style === 1
              ? `${server.name}.prod.acme.internal`
              : server.name;
        if (style === 2) machineDomain = 'prod.acme.internal';
        platform = d.chance(0.8) ? 'Linux' : 'Windows';
        productType = 'Server';
        serviceId = server.serviceId;
        tags.push('FalconGroupingTags/prod', `FalconGroupingTags/svc-${server.name.replace(/-\d+$/, '')}`);
      } else {
        platform = d.weighted([
          ['Windows', 70],
          ['Mac', 20],
          ['Linux', 10],
        ] as const);
        productType = platform === 'Linux' || d.chance(0.05) ? 'Server' : 'Workstation';
        if (i < servers.length + ODD_NAMES.length && total > servers.length + 20) {
          hostname = ODD_NAMES[i - servers.length]!;
        } else if (platform === 'Mac') {
          hostname = `MBP-${DEPTS[i % DEPTS.length]!.toLowerCase()}-${String(i).padStart(5, '0')}`;
        } else {
          hostname = `${productType === 'Server' ? 'SRV' : 'WS'}-${DEPTS[i % DEPTS.length]}-${String(i).padStart(5, '0')}`;
        }
        if (d.chance(0.5)) machineDomain = 'corp.acme.internal';
        tags.push(`FalconGroupingTags/${DEPTS[i % DEPTS.length]!.toLowerCase()}`);
        if (d.chance(0.9)) tags.push('FalconGroupingTags/prod');
      }
      if (productType === 'Server' && platform === 'Windows' && d.chance(0.1))
        productType = 'Domain Controller';
      const su =
        platform === 'Windows'
          ? productType === 'Workstation'
            ? updates.Windows
            : updates.WindowsSrv
          : updates[platform];
      const prev =
        platform === 'Windows'
          ? productType === 'Workstation'
            ? prevention.ws
            : prevention.srv
          : platform === 'Mac'
            ? prevention.mac
            : prevention.lin;
      // Version: most at or above target; ~10 % below (an old sensor).
      const idx = BUILDS[platform].findIndex(([b]) => su.build!.startsWith(b));
      const old = d.chance(0.1);
      const vIdx = old
        ? Math.min(BUILDS[platform].length - 1, idx + d.int(1, 2))
        : d.int(Math.max(0, idx - 1), idx);
      const stale = d.chance(0.05);
      const lastSeen = stale ? now - d.int(8, 90) * DAY - d.int(0, DAY) : now - d.int(0, 3_600_000);
      const firstSeen = now - d.int(30, 900) * DAY;
      const dev: SimDevice = {
        // Forked streams can repeat among 100,000 hosts: the index keeps every id unique.
        id: `${hex(d, 24)}${i.toString(16).padStart(8, '0')}`,
        hostname,
        ...(machineDomain ? { machineDomain } : {}),
        platform,
        osVersion: d.pick(OS[platform]),
        productType,
        agentVersion: BUILDS[platform][vIdx]![1],
        firstSeen,
        lastSeen,
        online: !stale,
        modified: Math.max(firstSeen, now - d.int(1, 20 * 24 * 60) * 60_000),
        status: 'normal',
        rfm: d.chance(0.03) ? 'yes' : d.chance(0.02) ? '' : 'no',
        prevention: {
          policyId: prev.id,
          applied: !d.chance(0.04),
          appliedAt: now - d.int(1, 30) * DAY,
          assignedAt: now - d.int(31, 300) * DAY,
        },
        sensorUpdate: {
          policyId: su.id,
          applied: !d.chance(0.04),
          appliedAt: now - d.int(1, 30) * DAY,
          assignedAt: now - d.int(31, 300) * DAY,
        },
        tags,
        ...(serviceId ? { serviceId } : {}),
      };
      // ~8 % have no score (new hosts, unsupported OS); ~10 % score low.
      if (!d.chance(0.08)) {
        const overall = d.chance(0.1) ? d.int(15, 49) : d.int(50, 95);
        dev.zta = {
          overall,
          os: d.int(20, 100),
          sensorConfig: d.int(20, 100),
          modified: now - d.int(0, 7) * DAY,
        };
      }
      this.devices.push(dev);
      this.byId.set(dev.id, dev);
    }
    tellOutage(this.devices, world);
    // One host is contained already (an ongoing investigation).
    const suspect = this.devices.find((x) => x.productType === 'Workstation' && x.online);
    if (suspect) suspect.status = 'contained';
  }

  /** Last seen as reported at `now`: an online host checked in within the last few minutes. */
  lastSeenOf(d: SimDevice, now: number): number {
    if (!d.online) return d.lastSeen;
    const jitter = (Number.parseInt(d.id.slice(0, 6), 16) % 300) * 1000;
    return Math.max(d.lastSeen, now - jitter);
  }

  /** Advance to `now`: pending containment settles; now and then a pending policy gets applied. */
  tick(now: number): void {
    for (const d of this.pendingDevices) {
      if (d.settlesAt !== undefined && d.settlesAt <= now) {
        d.status = d.status === 'containment_pending' ? 'contained' : 'normal';
        delete d.settlesAt;
        d.modified = now;
        this.pendingDevices.delete(d);
      }
    }
    // About one pending policy applied per simulated 10 minutes.
    const steps = Math.min(50, Math.floor((now - this.lastTick) / 600_000));
    if (steps <= 0) return;
    this.lastTick += steps * 600_000;
    for (let i = 0; i < steps && this.devices.length > 0; i++) {
      const d = this.devices[this.rng.int(0, this.devices.length - 1)]!;
      if (!d.prevention.applied) {
        d.prevention = { ...d.prevention, applied: true, appliedAt: now };
        d.modified = now;
      } else if (!d.sensorUpdate.applied) {
        d.sensorUpdate = { ...d.sensorUpdate, applied: true, appliedAt: now };
        d.modified = now;
      }
    }
  }

  private readonly pendingDevices = new Set<SimDevice>();

  /** Request containment or its lift; pending until `settleMs` later. */
  act(d: SimDevice, action: 'contain' | 'lift_containment', now: number): 'ok' | 'conflict' {
    if (action === 'contain') {
      if (d.status === 'contained' || d.status === 'containment_pending') return 'ok';
      if (d.status === 'lift_containment_pending') return 'conflict';
      d.status = 'containment_pending';
    } else {
      if (d.status === 'normal' || d.status === 'lift_containment_pending') return 'ok';
      if (d.status === 'containment_pending') return 'conflict';
      d.status = 'lift_containment_pending';
    }
    d.settlesAt = now + this.settleMs;
    d.modified = now;
    this.pendingDevices.add(d);
    return 'ok';
  }

  /** Change `n` hosts now (a sensor upgrade each): benches and tests of delta polls. */
  touch(n: number, now: number): SimDevice[] {
    const out: SimDevice[] = [];
    for (let i = 0; i < n && i < this.devices.length; i++) {
      const d = this.devices[(i * 7919) % this.devices.length]!;
      d.agentVersion = BUILDS[d.platform][0]![1];
      d.modified = now;
      out.push(d);
    }
    return out;
  }

  policy(id: string): SimPolicy | undefined {
    return this.policies.find((p) => p.id === id);
  }
}

/**
 * The world's scripted outage as a fleet sees it: the host the monitor fired on carries another
 * case and its FQDN (`DB-08.prod.acme.internal`), and two workstations are named like it
 * (`DB-8`, `db-080.corp.acme.internal`): near misses a correlation must not join.
 */
function tellOutage(
  devices: SimDevice[],
  world: { outage?: { host: string; nearMiss: string } | undefined },
) {
  const story = world.outage;
  if (!story) return;
  const server = devices.find((d) => d.hostname.toLowerCase().split('.')[0] === story.host);
  if (server) {
    server.hostname = `${story.host.toUpperCase()}.prod.acme.internal`;
    delete server.machineDomain;
  }
  const spare = devices.filter((d) => d.productType === 'Workstation').slice(-2);
  if (spare[0]) spare[0].hostname = story.nearMiss.toUpperCase();
  if (spare[1]) {
    spare[1].hostname = `${story.host}0`;
    spare[1].machineDomain = 'corp.acme.internal';
  }
}
