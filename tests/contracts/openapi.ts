/**
 * A small OpenAPI 3.0 checker for recorded HTTP exchanges: is this request one the
 * spec declares (path, query names, required headers, JSON body), and is the
 * answer one of its declared responses? Load specs with `loadSpec` (spec.ts).
 */
import { Ajv } from 'ajv';
import * as ajvFormats from 'ajv-formats';
import { type Json, toJsonSchema } from './spec.js';
import { type Base, type Exchange, toViolations, type Violation } from './violations.js';

export { type Exchange, formatViolations, type Violation } from './violations.js';

const SPEC_ID = 'openapi-spec';

// ajv-formats is CommonJS; under NodeNext its default export arrives one level down.
const addFormats = ((ajvFormats as unknown as { default?: unknown }).default ?? ajvFormats) as (
  ajv: Ajv,
) => Ajv;

interface Param {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Json;
}
interface Operation {
  template: string;
  pointer: string;
  op: Json;
  pathParams: Record<string, string>;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Query strings are text; the spec types them. */
function coerce(value: string, schema: Json | undefined): unknown {
  const type = schema?.type;
  if ((type === 'integer' || type === 'number') && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly spec: Json;
  private readonly templates: { template: string; regex: RegExp; names: string[] }[];

  constructor(spec: Json) {
    this.spec = toJsonSchema(spec) as Json;
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
    addFormats(this.ajv);
    // Vendor formats ajv does not know (tzinfo, activesupport-time-zone, …) are documentation only.
    for (const f of new Set(JSON.stringify(spec).match(/"format":"[^"]+"/g) ?? [])) {
      const name = f.slice(10, -1);
      if (!(name in this.ajv.formats)) this.ajv.addFormat(name, true);
    }
    // Added whole, with an id: every `#/components/...` ref then resolves inside it.
    this.ajv.addSchema({ ...this.spec, $id: SPEC_ID });
    const paths = Object.keys((this.spec.paths ?? {}) as Json);
    this.templates = paths
      .map((template) => {
        const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
        const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '([^/]+)');
        return { template, regex: new RegExp(`^${pattern}$`), names };
      })
      // Literal paths beat templates: /users/me before /users/{id}.
      .sort((a, b) => a.names.length - b.names.length);
  }

  private deref<T>(node: unknown): T {
    let n = node as Json;
    for (let i = 0; i < 10 && n && typeof n.$ref === 'string'; i++) {
      n = (n.$ref as string)
        .replace(/^#\//, '')
        .split('/')
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<Json>((acc, key) => acc?.[key] as Json, this.spec);
    }
    return n as T;
  }

  findOperation(method: string, path: string): Operation | undefined {
    const m = method.toLowerCase();
    for (const t of this.templates) {
      const match = t.regex.exec(path);
      const item = (this.spec.paths as Json)[t.template] as Json;
      if (!match || !item[m]) continue;
      const pathParams = Object.fromEntries(t.names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)]));
      return {
        template: t.template,
        pointer: `#/paths/${escapePointer(t.template)}/${m}`,
        op: item[m] as Json,
        pathParams,
      };
    }
    return undefined;
  }

  private params(operation: Operation): Param[] {
    const item = (this.spec.paths as Json)[operation.template] as Json;
    const all = [
      ...((item.parameters as unknown[]) ?? []),
      ...((operation.op.parameters as unknown[]) ?? []),
    ];
    return all.map((p) => this.deref<Param>(p));
  }

  /**
   * Violations of `data` against a named component schema, for answers of an operation the
   * (trimmed) spec does not carry but whose items it does describe.
   */
  validateComponent(name: string, data: unknown, pointer: string, base: Base): Violation[] {
    return this.check(`#/components/schemas/${escapePointer(name)}`, data, pointer, base);
  }

  /** Validate `data` against the schema at `schemaRef` (a `#/...` pointer into the spec). */
  private check(schemaRef: string, data: unknown, pointer: string, base: Base): Violation[] {
    const validate = this.ajv.getSchema(`${SPEC_ID}${schemaRef}`);
    if (!validate) return [{ ...base, pointer, message: `spec has no schema at ${schemaRef}` }];
    if (validate(data)) return [];
    return toViolations(validate.errors ?? [], pointer, base);
  }

  /** Violations of one value against a parameter's schema. */
  private checkParam(p: Param, value: unknown, pointer: string, base: Base): Violation[] {
    if (!p.schema) return [];
    const validate = this.ajv.compile(this.deref<Json>(p.schema));
    if (validate(value)) return [];
    return toViolations(validate.errors ?? [], pointer, base);
  }

  private checkQuery(url: URL, operation: Operation, params: Param[], base: Base): Violation[] {
    const out: Violation[] = [];
    const declared = new Map(params.filter((p) => p.in === 'query').map((p) => [p.name, p]));
    for (const name of new Set(url.searchParams.keys())) {
      const p = declared.get(name);
      const pointer = `/request/query/${escapePointer(name)}`;
      if (!p) {
        const op = operation.op.operationId ?? operation.template;
        out.push({ ...base, pointer, message: `query parameter "${name}" is not declared by ${op}` });
        continue;
      }
      const schema = this.deref<Json | undefined>(p.schema);
      const values = url.searchParams.getAll(name);
      if (schema?.type === 'array') {
        const items = this.deref<Json | undefined>(schema.items);
        out.push(
          ...this.checkParam(
            p,
            values.map((v) => coerce(v, items)),
            pointer,
            base,
          ),
        );
      } else {
        // Repeated scalars (`statuses[]` is declared as a string enum): check each value.
        for (const [i, v] of values.entries()) {
          const at = values.length > 1 ? `${pointer}/${i}` : pointer;
          out.push(...this.checkParam(p, coerce(v, schema), at, base));
        }
      }
    }
    for (const p of declared.values()) {
      if (p.required && !url.searchParams.has(p.name)) {
        const pointer = `/request/query/${escapePointer(p.name)}`;
        out.push({ ...base, pointer, message: `required query parameter "${p.name}" is missing` });
      }
    }
    return out;
  }

  private checkHeaders(x: Exchange, params: Param[], base: Base): Violation[] {
    const out: Violation[] = [];
    const headers = new Map(
      Object.entries(x.requestHeaders).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v[0] : v]),
    );
    for (const p of params.filter((q) => q.in === 'header')) {
      const value = headers.get(p.name.toLowerCase());
      const pointer = `/request/headers/${p.name}`;
      if (value !== undefined) out.push(...this.checkParam(p, value, pointer, base));
      else if (p.required) out.push({ ...base, pointer, message: `required header "${p.name}" is missing` });
    }
    return out;
  }

  validateRequest(x: Exchange): Violation[] {
    const url = new URL(x.url, 'http://spec.invalid');
    const base = { method: x.method.toUpperCase(), path: url.pathname };
    const operation = this.findOperation(x.method, url.pathname);
    if (!operation)
      return [{ ...base, pointer: '/request', message: 'no operation in the spec for this method and path' }];
    const params = this.params(operation);
    const out = params
      .filter((p) => p.in === 'path')
      .flatMap((p) => this.checkParam(p, operation.pathParams[p.name], `/request/path/${p.name}`, base));
    out.push(...this.checkQuery(url, operation, params, base), ...this.checkHeaders(x, params, base));
    const body = this.deref<Json | undefined>(operation.op.requestBody);
    if (!body) {
      if (x.requestBody)
        out.push({ ...base, pointer: '/request/body', message: 'operation declares no request body' });
      return out;
    }
    if (!x.requestBody) {
      if (body.required)
        out.push({ ...base, pointer: '/request/body', message: 'required request body is missing' });
      return out;
    }
    const content = (body.content ?? {}) as Json;
    const ctype = String(
      Object.entries(x.requestHeaders).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '',
    );
    // Form bodies (OAuth token endpoints) are checked as the object their fields make up.
    if (
      /^application\/x-www-form-urlencoded\b/i.test(ctype) &&
      content['application/x-www-form-urlencoded']
    ) {
      const form = Object.fromEntries(new URLSearchParams(x.requestBody));
      const ptr = `${operation.pointer}/requestBody/content/application~1x-www-form-urlencoded/schema`;
      return [...out, ...this.check(ptr, form, '/request/body', base)];
    }
    let json: unknown;
    try {
      json = JSON.parse(x.requestBody);
    } catch {
      return [...out, { ...base, pointer: '/request/body', message: 'request body is not JSON' }];
    }
    const ptr = `${operation.pointer}/requestBody/content/application~1json/schema`;
    return [...out, ...this.check(ptr, json, '/request/body', base)];
  }

  validateResponse(x: Exchange): Violation[] {
    const url = new URL(x.url, 'http://spec.invalid');
    const base = { method: x.method.toUpperCase(), path: url.pathname };
    const operation = this.findOperation(x.method, url.pathname);
    if (!operation) return [];
    const responses = (operation.op.responses ?? {}) as Json;
    const key = [String(x.status), `${String(x.status)[0]}XX`, 'default'].find((k) => k in responses);
    if (!key) {
      return [
        {
          ...base,
          pointer: '/response/status',
          message: `status ${x.status} is not declared (declared: ${Object.keys(responses).join(', ')})`,
        },
      ];
    }
    const response = this.deref<Json>(responses[key]);
    const content = response.content as Json | undefined;
    if (!content) return [];
    const ctype = String(x.responseHeaders['content-type'] ?? '');
    // Documented quirk: PagerDuty answers its vendor type to clients that ask for it; treat it as JSON.
    if (!/^application\/(json|vnd\.pagerduty\+json)\b/i.test(ctype)) {
      return [
        {
          ...base,
          pointer: '/response/headers/content-type',
          message: `content-type "${ctype}" is not JSON as declared`,
        },
      ];
    }
    let json: unknown;
    try {
      json = JSON.parse(x.responseBody ?? '');
    } catch {
      return [{ ...base, pointer: '/response/body', message: 'response body is not JSON' }];
    }
    if (!(content['application/json'] as Json | undefined)?.schema) return [];
    const ptr = `${operation.pointer}/responses/${escapePointer(key)}/content/application~1json/schema`;
    // Responses declared by $ref live under components; resolve the ref path instead.
    const ref = (responses[key] as Json).$ref as string | undefined;
    const schemaPtr = ref ? `${ref}/content/application~1json/schema` : ptr;
    return this.check(schemaPtr, json, '/response/body', base);
  }
}
