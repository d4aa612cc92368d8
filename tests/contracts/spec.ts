/**
 * Finding vendor specs and turning the OpenAPI 3.0 schema dialect into JSON Schema
 * for ajv. The PagerDuty spec has no license and is never copied into the repo (it
 * is read from ITOPS_SPECS_DIR); specs whose origin allows it (ServiceNow) are
 * vendored under tests/contracts/specs/ with an attribution header.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load as loadYaml } from 'js-yaml';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export type Json = Record<string, unknown>;

export type SpecLoad = { spec: Json; path: string } | { spec?: undefined; notice: string };

/**
 * Find `file` under ITOPS_SPECS_DIR (default ../shared/api, relative to the repo root).
 * Missing → a notice to print and skip, or a thrown error when ITOPS_REQUIRE_SPECS=1 (CI).
 */
export function loadSpec(file: string, env: NodeJS.ProcessEnv = process.env): SpecLoad {
  const dir = resolve(REPO_ROOT, env.ITOPS_SPECS_DIR ?? '../shared/api');
  const path = resolve(dir, file);
  if (existsSync(path)) return { spec: parseSpec(path), path };
  const missing = `${file} not found in ${dir} (set ITOPS_SPECS_DIR to the folder with the vendor specs)`;
  if (env.ITOPS_REQUIRE_SPECS === '1') {
    throw new Error(`contract spec missing and ITOPS_REQUIRE_SPECS=1: ${missing}`);
  }
  return { notice: `contract tests skipped: ${missing}` };
}

/** JSON or YAML by extension; YAML specs (Datadog, ServiceNow) are loaded with js-yaml. */
export function parseSpec(path: string): Json {
  const text = readFileSync(path, 'utf8');
  return (/\.ya?ml$/i.test(path) ? loadYaml(text) : JSON.parse(text)) as Json;
}

/**
 * A spec vendored under tests/contracts/specs/ (only those whose origin allows a copy,
 * see shared/api/SOURCES.md): always present, so its contract tests never skip.
 */
export function loadVendoredSpec(file: string): { spec: Json; path: string } {
  const path = resolve(REPO_ROOT, 'tests/contracts/specs', file);
  return { spec: parseSpec(path), path };
}

/** OpenAPI 3.0 schema dialect → JSON Schema ajv understands (returns a converted copy). */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    // Examples are data, not schema, and may contain keys ajv would misread.
    if (k === 'example' || k === 'examples' || k.startsWith('x-')) continue;
    out[k] = toJsonSchema(v);
  }
  // 3.0 writes exclusive bounds as booleans beside minimum/maximum (the Datadog specs do).
  for (const [flag, bound] of [
    ['exclusiveMaximum', 'maximum'],
    ['exclusiveMinimum', 'minimum'],
  ] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else delete out[flag];
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    } else {
      // $ref / allOf / oneOf without a type: "this, or null".
      const inner = { ...out };
      for (const k of Object.keys(out)) delete out[k];
      if (typeof inner.description === 'string') out.description = inner.description;
      out.anyOf = [inner, { type: 'null' }];
    }
  } else delete out.nullable;
  return out;
}
