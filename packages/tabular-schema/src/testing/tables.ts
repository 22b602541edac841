import { Rng } from '@synthctr/runtime';
import type { Dataset } from '../dataset.js';
import { datasetFromRows } from '../infer.js';
import type { ColumnKind, Row } from '../types.js';

/** Which columns the suite's tables carry. */
export type ConformanceTableKind = 'mixed' | 'categorical';

/** Options of {@link conformanceTables}. */
export interface ConformanceTableOptions {
  /** `mixed`: categorical, integer and float columns; `categorical`: the coded columns only. @default 'mixed' */
  kind?: ConformanceTableKind;
  /** Add a numeric key column `user_id` (kind `id`) to the mixed and constraint tables. @default false */
  keyColumn?: boolean;
  /** Seed of the generated tables. @default 20240611 */
  seed?: number;
}

/** The small seeded tables the conformance suite fits on. */
export interface ConformanceTables {
  /** 120 rows: binary `label`, `color` (with a missing level), `device` (one level seen once), `visits` (integer 0..15), `spend` (float, 2 digits). */
  mixed: Dataset;
  /** 90 rows: `label`, `country` and `city` (each city in one country: 12 of 48 tuples seen), `visits`. */
  constrained: Dataset;
  /** 6 rows, smaller than any batch. */
  tiny: Dataset;
  /** 60 rows with a constant categorical `channel` and a constant integer `version`. */
  constant: Dataset;
  /** 60 rows where `device` has a level (`tv`) seen once. */
  once: Dataset;
  /** 60 rows where `color` is missing in about 40 % of rows. */
  missing: Dataset;
}

const DEFAULT_SEED = 20240611;
const CODED_KINDS: Record<string, ColumnKind> = {
  color: 'categorical',
  device: 'categorical',
  country: 'categorical',
  city: 'categorical',
  channel: 'categorical',
};
const COLORS = ['red', 'green', 'blue'];
const DEVICES = ['ios', 'android', 'web'];
const COUNTRIES: Record<string, string[]> = {
  FR: ['Paris', 'Lyon', 'Nice'],
  DE: ['Berlin', 'Munich', 'Hamburg'],
  IT: ['Rome', 'Milan', 'Turin'],
  ES: ['Madrid', 'Seville', 'Valencia'],
};

/**
 * The suite's tables, drawn from known distributions with a fixed seed (so every run and
 * every synthesizer sees the same data). Numeric columns are declared `integer` / `float`
 * explicitly; the label is 0/1.
 */
export function conformanceTables(options: ConformanceTableOptions = {}): ConformanceTables {
  const kind = options.kind ?? 'mixed';
  const rng = new Rng(options.seed ?? DEFAULT_SEED);
  const finish = (rows: Row[], extra: Record<string, ColumnKind> = {}): Dataset => {
    const kinds: Record<string, ColumnKind> = {
      ...CODED_KINDS,
      visits: 'integer',
      spend: 'float',
      version: 'integer',
      ...extra,
    };
    const numeric = new Set(['visits', 'spend', 'version']);
    const kept = kind === 'mixed' ? rows : rows.map((r) => dropKeys(r, numeric));
    const withKey = options.keyColumn
      ? kept.map((r, i) => ({ user_id: 1000 + 3 * i, ...r }))
      : kept;
    if (options.keyColumn) kinds.user_id = 'id';
    return datasetFromRows(withKey, {
      label: 'label',
      kinds: pick(kinds, Object.keys(withKey[0])),
    });
  };
  const mixedRows = Array.from({ length: 120 }, (_, i) => mixedRow(rng, i));
  mixedRows[17].device = 'tv';
  return {
    mixed: finish(mixedRows),
    constrained: finish(Array.from({ length: 90 }, () => constrainedRow(rng))),
    tiny: finish(Array.from({ length: 6 }, (_, i) => ({ ...mixedRow(rng, i), label: i % 2 }))),
    constant: finish(
      Array.from({ length: 60 }, (_, i) => ({ ...mixedRow(rng, i), channel: 'web', version: 3 })),
    ),
    once: finish(
      Array.from({ length: 60 }, (_, i) => ({
        ...mixedRow(rng, i),
        device: i === 31 ? 'tv' : DEVICES[i % 3],
      })),
    ),
    missing: finish(
      Array.from({ length: 60 }, (_, i) => ({
        ...mixedRow(rng, i),
        color: rng.next() < 0.4 ? null : COLORS[i % 3],
      })),
    ),
  };
}

function mixedRow(rng: Rng, i: number): Row {
  const color = rng.next() < 0.15 ? null : COLORS[rng.int(3)];
  const device = DEVICES[rng.int(3)];
  const p = color === 'red' ? 0.7 : color === null ? 0.5 : 0.25;
  const label = rng.next() < p ? 1 : 0;
  const visits = Math.min(15, Math.floor(-Math.log(1 - rng.next()) * (2 + 3 * label)));
  const spend =
    Math.round(Math.min(99.99, Math.max(0, rng.normal(20 + 30 * label, 10))) * 100) / 100;
  // Keep both label values present even in the smallest table.
  return { label: i < 2 ? i : label, color, device, visits, spend };
}

function constrainedRow(rng: Rng): Row {
  const countries = Object.keys(COUNTRIES);
  const country = countries[rng.int(countries.length)];
  const city = COUNTRIES[country][rng.int(3)];
  const label = rng.next() < (country === 'FR' ? 0.6 : 0.3) ? 1 : 0;
  const visits = rng.int(12);
  return { label, country, city, visits };
}

function dropKeys(row: Row, keys: Set<string>): Row {
  return Object.fromEntries(Object.entries(row).filter(([k]) => !keys.has(k)));
}

function pick(kinds: Record<string, ColumnKind>, names: string[]): Record<string, ColumnKind> {
  return Object.fromEntries(Object.entries(kinds).filter(([k]) => names.includes(k)));
}
