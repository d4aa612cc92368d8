/**
 * The contract checker checks itself: a validator that passes everything would
 * make every contract test green. Uses a tiny inline spec (no vendor file needed).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Exchange, formatViolations, OpenApiValidator } from './openapi.js';
import { loadSpec, toJsonSchema } from './spec.js';

const spec = {
  openapi: '3.0.2',
  paths: {
    '/things': {
      get: {
        operationId: 'listThings',
        parameters: [
          { $ref: '#/components/parameters/accept' },
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
          { name: 'statuses[]', in: 'query', schema: { type: 'string', enum: ['open', 'closed'] } },
          { name: 'ids[]', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
        ],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['things'],
                  properties: { things: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } },
                },
              },
            },
          },
          '404': { $ref: '#/components/responses/NotFound' },
        },
      },
    },
    '/things/{id}': {
      put: {
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', minLength: 3 } },
          { name: 'From', in: 'header', required: true, schema: { type: 'string', format: 'email' } },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['thing'],
                properties: { thing: { $ref: '#/components/schemas/Thing' } },
              },
            },
          },
        },
        responses: { '200': { description: 'ok' } },
      },
    },
  },
  components: {
    parameters: { accept: { name: 'Accept', in: 'header', required: true, schema: { type: 'string' } } },
    responses: {
      NotFound: {
        description: 'nope',
        content: {
          'application/json': { schema: { type: 'object', properties: { error: { type: 'object' } } } },
        },
      },
    },
    schemas: {
      Thing: {
        type: 'object',
        required: ['id'],
        example: { id: 1 },
        'x-vendor': true,
        properties: {
          id: { type: 'string' },
          size: { type: 'integer', nullable: true },
          owner: { allOf: [{ $ref: '#/components/schemas/Owner' }], nullable: true },
          zone: { type: 'string', format: 'tzinfo' },
        },
      },
      Owner: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    },
  },
};

const v = new OpenApiValidator(spec);
const get = (url: string, body: unknown, extra: Partial<Exchange> = {}): Exchange => ({
  method: 'GET',
  url,
  requestHeaders: { accept: 'application/json' },
  status: 200,
  responseHeaders: { 'content-type': 'application/json; charset=utf-8' },
  responseBody: JSON.stringify(body),
  ...extra,
});

describe('OpenApiValidator', () => {
  it('accepts a conforming exchange, with nullable fields, unknown formats and repeated [] params', () => {
    const x = get('/things?limit=2&statuses[]=open&statuses[]=closed&ids[]=a&ids[]=b', {
      things: [
        { id: 'a', size: null, owner: null, zone: 'Europe/Berlin' },
        { id: 'b', owner: { name: 'Ana' } },
      ],
    });
    expect(v.validateRequest(x)).toEqual([]);
    expect(v.validateResponse(x)).toEqual([]);
  });

  it('reports undeclared query params, bad values and missing required headers', () => {
    const x = get(
      '/things?limit=lots&statuses[]=open&statuses[]=pending&offset=3',
      { things: [] },
      { requestHeaders: {} },
    );
    const pointers = v.validateRequest(x).map((e) => e.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining([
        '/request/query/limit',
        '/request/query/statuses[]/1',
        '/request/query/offset',
        '/request/headers/Accept',
      ]),
    );
  });

  it('checks path params, header formats and the JSON request body through $refs', () => {
    const x: Exchange = {
      method: 'PUT',
      url: '/things/ab',
      requestHeaders: { from: 'not-an-email' },
      requestBody: JSON.stringify({ thing: { size: 'big' } }),
      status: 200,
      responseHeaders: {},
    };
    const found = v.validateRequest(x);
    expect(found.map((e) => e.pointer).sort()).toEqual([
      '/request/body/thing',
      '/request/body/thing/size',
      '/request/headers/From',
      '/request/path/id',
    ]);
    expect(formatViolations(found)).toContain('PUT /things/ab /request/path/id:');
  });

  it('reports bodies that break the response schema with a pointer to the field', () => {
    const found = v.validateResponse(get('/things', { things: [{ id: 7, owner: { nom: 'x' } }] }));
    expect(found.map((e) => e.pointer).sort()).toEqual([
      '/response/body/things/0/id',
      '/response/body/things/0/owner',
    ]);
  });

  it('resolves $ref responses, and flags undeclared statuses, HTML bodies and unknown routes', () => {
    expect(v.validateResponse(get('/things', { error: {} }, { status: 404 }))).toEqual([]);
    expect(v.validateResponse(get('/things', { error: 'x' }, { status: 404 }))[0]?.pointer).toBe(
      '/response/body/error',
    );
    expect(v.validateResponse(get('/things', {}, { status: 500 }))[0]?.message).toMatch(
      /status 500 is not declared/,
    );
    const html = get('/things', null, {
      responseHeaders: { 'content-type': 'text/html' },
      responseBody: '<html>',
    });
    expect(v.validateResponse(html)[0]?.pointer).toBe('/response/headers/content-type');
    expect(v.validateRequest(get('/nothing', {}))[0]?.message).toMatch(/no operation/);
  });
});

describe('spec loading', () => {
  it('skips with a notice naming ITOPS_SPECS_DIR, or fails when specs are required', () => {
    const empty = mkdtempSync(join(tmpdir(), 'itops-specs-'));
    const skipped = loadSpec('nope.json', { ITOPS_SPECS_DIR: empty });
    expect(skipped.spec).toBeUndefined();
    expect('notice' in skipped && skipped.notice).toMatch(/ITOPS_SPECS_DIR/);
    expect(() => loadSpec('nope.json', { ITOPS_SPECS_DIR: empty, ITOPS_REQUIRE_SPECS: '1' })).toThrow(
      /ITOPS_REQUIRE_SPECS/,
    );
    writeFileSync(join(empty, 'yes.json'), '{"openapi":"3.0.2"}');
    expect(loadSpec('yes.json', { ITOPS_SPECS_DIR: empty }).spec).toEqual({ openapi: '3.0.2' });
  });

  it('turns nullable into a null type and drops examples and x- keys', () => {
    expect(toJsonSchema({ type: 'string', enum: ['a'], nullable: true, example: 'a', 'x-y': 1 })).toEqual({
      type: ['string', 'null'],
      enum: ['a', null],
    });
    expect(toJsonSchema({ $ref: '#/x', nullable: true })).toEqual({
      anyOf: [{ $ref: '#/x' }, { type: 'null' }],
    });
  });
});
