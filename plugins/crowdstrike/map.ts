/**
 * Falcon device → the cockpit's host record (pure). Policy names and the version a
 * sensor-update policy targets are resolved here from the policies and builds read beside the
 * hosts, so a host record alone is enough to judge it.
 */
import type { ContainmentState, Host, HostPolicy, SensorUpdatePolicy } from 'itops-tui/plugin';
import type { FalconBuild, FalconDevice, FalconPolicy } from './schema.js';

const CONTAINMENT: readonly ContainmentState[] = [
  'normal',
  'containment_pending',
  'contained',
  'lift_containment_pending',
];

export interface MapContext {
  source: string;
  /** Falcon console base, for deep links. */
  console: string;
  policies: ReadonlyMap<string, FalconPolicy>;
  /** Builds by `platform|build number`. */
  builds: ReadonlyMap<string, FalconBuild>;
  /** ZTA overall score by device id. */
  zta: ReadonlyMap<string, number>;
}

/** An ISO time Falcon sent, normalised; undefined when absent or unreadable. */
function time(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

export const buildKey = (platform: string, build: string) => `${platform.toLowerCase()}|${build}`;

/**
 * The sensor version a policy's target build stands for: the policy's own `sensor_version`,
 * else the build list's entry for its build number (`18811|n-1|tagged|11` → 18811).
 */
export function targetVersion(
  policy: FalconPolicy | undefined,
  platform: string,
  builds: ReadonlyMap<string, FalconBuild>,
): string | undefined {
  const own = policy?.settings?.sensor_version?.trim();
  if (own) return own;
  const build = policy?.settings?.build?.split('|')[0]?.trim();
  if (!build) return undefined;
  return builds.get(buildKey(platform, build))?.sensor_version?.trim() || undefined;
}

function policyOf(d: FalconDevice, type: string, m: MapContext): HostPolicy | undefined {
  const p = d.device_policies?.[type];
  if (!p?.policy_id) return undefined;
  const name = m.policies.get(p.policy_id)?.name ?? undefined;
  const appliedAt = time(p.applied_date);
  const assignedAt = time(p.assigned_date);
  return {
    id: p.policy_id,
    ...(name ? { name } : {}),
    applied: p.applied === true,
    ...(appliedAt ? { appliedAt } : {}),
    ...(assignedAt ? { assignedAt } : {}),
  };
}

export function mapDevice(d: FalconDevice, m: MapContext): Host {
  const hostname = d.hostname?.trim() || d.device_id;
  const domain = d.machine_domain?.trim();
  const fqdn = hostname.includes('.') ? hostname : domain ? `${hostname}.${domain}` : undefined;
  const platform = d.platform_name?.trim() || 'Unknown';
  const status = d.status ?? '';
  const containment = (CONTAINMENT as readonly string[]).includes(status)
    ? (status as ContainmentState)
    : 'normal';
  const prevention = policyOf(d, 'prevention', m);
  const su = policyOf(d, 'sensor_update', m);
  let sensorUpdate: SensorUpdatePolicy | undefined;
  if (su) {
    const policy = m.policies.get(su.id);
    const version = targetVersion(policy, platform, m.builds);
    const build = policy?.settings?.build ?? undefined;
    sensorUpdate = {
      ...su,
      ...(version ? { targetVersion: version } : {}),
      ...(build ? { targetBuild: build } : {}),
    };
  }
  const os = d.os_version?.trim() || d.os_product_name?.trim();
  const score = m.zta.get(d.device_id);
  const lastSeen = time(d.last_seen);
  const firstSeen = time(d.first_seen);
  const modifiedAt = time(d.modified_timestamp);
  return {
    kind: 'host',
    source: m.source,
    id: d.device_id,
    hostname,
    ...(fqdn ? { fqdn } : {}),
    platform,
    ...(os ? { os } : {}),
    ...(d.product_type_desc ? { productType: d.product_type_desc } : {}),
    ...(d.agent_version ? { sensorVersion: d.agent_version } : {}),
    ...(lastSeen ? { lastSeen } : {}),
    ...(firstSeen ? { firstSeen } : {}),
    ...(modifiedAt ? { modifiedAt } : {}),
    containment,
    vendorStatus: status,
    // Falcon sends a string ("yes", "no" or empty): compare text, not truthiness.
    reducedFunctionality: (d.reduced_functionality_mode ?? '').toLowerCase() === 'yes',
    ...(prevention ? { prevention } : {}),
    ...(sensorUpdate ? { sensorUpdate } : {}),
    ...(score !== undefined && score >= 0 && score <= 100 ? { ztaScore: score } : {}),
    tags: (d.tags ?? []).filter((t): t is string => typeof t === 'string'),
    url: `${m.console}/hosts/hosts/host/${encodeURIComponent(d.device_id)}`,
  };
}
