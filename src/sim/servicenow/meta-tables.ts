/**
 * The tables that describe the others: sys_db_object (tables and what they
 * extend), sys_dictionary (one row per column, on the table that defines it:
 * incident's `priority` lives on task) and sys_choice (choice labels). Built
 * from the served column definitions, so what a client learns about a column
 * is what the simulator does with it.
 */
import { createHash } from 'node:crypto';
import { type Field, type Registry, str, type Table } from './table-kit.js';

/** Columns incident inherits from task (and the sys_* columns every table has). */
const TASK_COLUMNS = new Set([
  'number',
  'short_description',
  'description',
  'state',
  'active',
  'priority',
  'impact',
  'urgency',
  'assignment_group',
  'assigned_to',
  'opened_at',
  'opened_by',
  'closed_at',
  'cmdb_ci',
  'business_service',
  'escalation',
  'made_sla',
  'sla_due',
  'reassignment_count',
  'work_notes',
  'comments',
  'sys_class_name',
]);
const SUPER: Record<string, string> = {
  incident: 'task',
  cmdb_ci_server: 'cmdb_ci',
  cmdb_ci_service: 'cmdb_ci',
};

const idOf = (key: string) => createHash('md5').update(key).digest('hex');

interface DbObject {
  sys_id: string;
  name: string;
  super_class: string;
}
interface DictEntry {
  sys_id: string;
  name: string;
  element: string;
  internal_type: string;
  reference: string;
}
interface Choice {
  sys_id: string;
  name: string;
  element: string;
  value: string;
  label: string;
  sequence: number;
}

/** Which table defines `column` of `table` (inherited columns are defined on the parent). */
function owner(table: string, column: string): string {
  if (table === 'incident' && (TASK_COLUMNS.has(column) || column.startsWith('sys_'))) return 'task';
  const parent = SUPER[table];
  if (parent && (column.startsWith('sys_') || column === 'name')) return parent;
  return table;
}

function typeOf(field: Field<unknown>): string {
  switch (field.type) {
    case 'ref':
      return 'reference';
    case 'date':
      return 'glide_date_time';
    case 'duration':
      return 'glide_duration';
    case 'journal':
      return 'journal_input';
    case 'choice':
      return Object.keys(field.choices ?? {}).every((k) => /^\d+$/.test(k)) ? 'integer' : 'string';
    default:
      return 'string';
  }
}

function metaTable<R extends { sys_id: string }>(
  name: string,
  rows: R[],
  columns: Record<string, (r: R) => string | number>,
): Table {
  const byId = new Map(rows.map((r) => [r.sys_id, r]));
  const fields: Record<string, Field<R>> = { sys_id: str((r) => r.sys_id) };
  for (const [k, read] of Object.entries(columns)) fields[k] = str(read);
  return {
    name,
    rows: () => rows,
    byId: (id: string) => byId.get(id),
    label: (r: R) => String((r as unknown as { name?: string }).name ?? r.sys_id),
    fields,
  } as unknown as Table;
}

/** sys_db_object, sys_dictionary and sys_choice for the tables in `tables`. */
export function metaTables(tables: Registry): Table[] {
  const names = new Set([...tables.keys(), ...Object.values(SUPER)]);
  const objects: DbObject[] = [...names].map((name) => ({
    sys_id: idOf(`sys_db_object:${name}`),
    name,
    super_class: SUPER[name] ? idOf(`sys_db_object:${SUPER[name]}`) : '',
  }));
  const seen = new Set<string>();
  const dictionary: DictEntry[] = [];
  const choices: Choice[] = [];
  for (const table of tables.values()) {
    for (const [element, field] of Object.entries(table.fields)) {
      const name = owner(table.name, element);
      if (seen.has(`${name}.${element}`)) continue;
      seen.add(`${name}.${element}`);
      dictionary.push({
        sys_id: idOf(`sys_dictionary:${name}.${element}`),
        name,
        element,
        internal_type: typeOf(field as Field<unknown>),
        reference: field.ref ?? '',
      });
      // Choice lists are kept per table (incident has its own `state` labels, though task defines the column).
      Object.entries(field.choices ?? {}).forEach(([value, label], i) => {
        if (element === 'active' || element === 'has_breached' || element === 'made_sla') return;
        choices.push({
          sys_id: idOf(`sys_choice:${table.name}.${element}.${value}`),
          name: table.name,
          element,
          value,
          label,
          sequence: i + 1,
        });
      });
    }
  }
  return [
    metaTable('sys_db_object', objects, {
      name: (r) => r.name,
      label: (r) => r.name,
      super_class: (r) => r.super_class,
    }),
    metaTable('sys_dictionary', dictionary, {
      name: (r) => r.name,
      element: (r) => r.element,
      internal_type: (r) => r.internal_type,
      reference: (r) => r.reference,
      column_label: (r) => r.element.replace(/_/g, ' '),
      active: () => 'true',
    }),
    metaTable('sys_choice', choices, {
      name: (r) => r.name,
      element: (r) => r.element,
      value: (r) => r.value,
      label: (r) => r.label,
      sequence: (r) => r.sequence,
      language: () => 'en',
      inactive: () => 'false',
    }),
  ];
}
