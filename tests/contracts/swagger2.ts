/**
 * Swagger 2.0 → the OpenAPI 3.0 shape `OpenApiValidator` reads, for the CrowdStrike spec (the
 * only Swagger 2.0 file among the vendor specs). Only what the contract checks need: parameters
 * get a `schema`, body and formData parameters become a `requestBody`, responses get `content`,
 * `definitions` move to `components.schemas` and every `$ref` follows them.
 */
import type { Json } from './spec.js';

const SCHEMA_KEYS = [
  'type',
  'format',
  'items',
  'enum',
  'maximum',
  'minimum',
  'maxItems',
  'minItems',
  'default',
  'pattern',
];

function refs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(refs);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    out[k] =
      k === '$ref' && typeof v === 'string' ? v.replace('#/definitions/', '#/components/schemas/') : refs(v);
  }
  return out;
}

export function swagger2ToOpenApi3(spec: Json): Json {
  const paths: Json = {};
  for (const [path, item] of Object.entries((spec.paths ?? {}) as Record<string, Json>)) {
    const outItem: Json = {};
    for (const [method, op] of Object.entries(item)) {
      const o = op as Json;
      const params = ((o.parameters ?? []) as Json[]).map((p) => refs(p) as Json);
      const plain = params
        .filter((p) => p.in !== 'body' && p.in !== 'formData')
        .map((p) => {
          const schema = Object.fromEntries(SCHEMA_KEYS.filter((k) => k in p).map((k) => [k, p[k]]));
          return { name: p.name, in: p.in, required: p.required === true, schema };
        });
      const body = params.find((p) => p.in === 'body');
      const form = params.filter((p) => p.in === 'formData');
      const converted: Json = { ...o, parameters: plain };
      if (body) {
        converted.requestBody = {
          required: body.required === true,
          content: { 'application/json': { schema: body.schema } },
        };
      } else if (form.length > 0) {
        converted.requestBody = {
          required: form.some((p) => p.required),
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                properties: Object.fromEntries(form.map((p) => [p.name, { type: p.type ?? 'string' }])),
                required: form.filter((p) => p.required).map((p) => p.name),
              },
            },
          },
        };
      }
      const responses: Json = {};
      for (const [code, r] of Object.entries((o.responses ?? {}) as Record<string, Json>)) {
        const res = refs(r) as Json;
        responses[code] = {
          description: res.description ?? '',
          ...(res.headers ? { headers: res.headers } : {}),
          ...(res.schema ? { content: { 'application/json': { schema: res.schema } } } : {}),
        };
      }
      converted.responses = responses;
      outItem[method] = converted;
    }
    paths[path] = outItem;
  }
  return {
    openapi: '3.0.3',
    info: spec.info,
    paths,
    components: { schemas: refs(spec.definitions ?? {}) },
  };
}
