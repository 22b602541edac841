import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ColumnArrays, Dataset } from '../dataset.js';
import { DataSourceError } from '../errors.js';
import { decodeText } from '../io/text.js';
import type { CategoryValue, ColumnSchema } from '../types.js';

/**
 * MovieLens 100K (GroupLens) as a CTR table: one row per rating in u.data order, a click when
 * the rating is at least the threshold, and ten categorical fields from the rating, the user
 * and the movie. The data may not be redistributed, so it is never downloaded: pass the
 * folder that holds u.data, u.user and u.item.
 */

/** Where to get the data (a zip to unpack; GroupLens's terms apply). */
export const MOVIELENS_100K_URL = 'https://files.grouplens.org/datasets/movielens/ml-100k.zip';

/** The columns of the table, label first. */
export const MOVIELENS_COLUMNS = [
  'label',
  'user',
  'item',
  'age',
  'gender',
  'occupation',
  'zip',
  'genre',
  'year',
  'weekday',
  'hour',
] as const;

/** Options of {@link loadMovielens100k}. */
export interface MovielensOptions {
  /** The folder with u.data, u.user and u.item. Required. */
  dataDir?: string;
  /** A rating at or above this is a click (label 1). @default 4 */
  threshold?: number;
}

const DEFAULT_THRESHOLD = 4;
const EXPECTED_RATINGS = 100_000;
/** MovieLens-1M's age groups, applied to 100K's exact ages. */
const AGE_GROUPS = ['<18', '18-24', '25-34', '35-44', '45-49', '50-55', '56+'];
const AGE_LIMITS = [18, 25, 35, 45, 50, 56];
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const GENRES = [
  'unknown',
  'Action',
  'Adventure',
  'Animation',
  "Children's",
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
];

interface UserInfo {
  age: string;
  gender: string;
  occupation: string;
  zip: string;
}

interface ItemInfo {
  genre: string;
  year: string | null;
}

/**
 * Loads MovieLens 100K. Fields: `user` and `item` (their ids, numbers), `age` (the
 * MovieLens-1M groups), `gender`, `occupation`, `zip` (first digit, the US region; `other`
 * for non-US codes), `genre` (the first genre flagged, in u.genre order), `year` (release
 * decade, `1990s`; missing when u.item has no date), `weekday` and `hour` of the rating
 * (UTC). Porting note: the study uses Frappe only; this table follows the suggestions of
 * shared/data/README.md so that every field is categorical like Frappe's.
 */
export function loadMovielens100k(options: MovielensOptions = {}): Dataset {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!options.dataDir) {
    throw new DataSourceError(
      'loadMovielens100k: no data folder given. MovieLens 100K may not be redistributed, so ' +
        `synthctr never downloads it: get ${MOVIELENS_100K_URL}, unzip it and pass the folder ` +
        'with u.data, u.user and u.item as dataDir (the CLIs take --data-dir).',
    );
  }
  const dir = resolve(options.dataDir);
  const read = (file: string, encoding: 'utf-8' | 'latin1') => {
    const path = join(dir, file);
    if (!existsSync(path)) {
      throw new DataSourceError(
        `loadMovielens100k: ${file} is not in '${dir}'; pass the unzipped ml-100k folder ` +
          `(from ${MOVIELENS_100K_URL}), which holds u.data, u.user and u.item.`,
      );
    }
    return decodeText(readFileSync(path), encoding, `loadMovielens100k: ${file}`);
  };
  const users = parseUsers(read('u.user', 'utf-8'));
  const items = parseItems(read('u.item', 'latin1'));
  return buildTable(read('u.data', 'utf-8'), users, items, threshold);
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
    .filter((l) => l !== '');
}

function parseUsers(text: string): Map<number, UserInfo> {
  const out = new Map<number, UserInfo>();
  for (const line of lines(text)) {
    const [id, age, gender, occupation, zip] = line.split('|');
    const a = Number(age);
    let g = 0;
    while (g < AGE_LIMITS.length && a >= AGE_LIMITS[g]) g++;
    const first = zip?.charAt(0) ?? '';
    out.set(Number(id), {
      age: AGE_GROUPS[g],
      gender,
      occupation,
      zip: first >= '0' && first <= '9' ? first : 'other',
    });
  }
  return out;
}

function parseItems(text: string): Map<number, ItemInfo> {
  const out = new Map<number, ItemInfo>();
  for (const line of lines(text)) {
    const cells = line.split('|');
    const flags = cells.slice(5, 5 + GENRES.length);
    const first = flags.indexOf('1');
    const year = /(\d{4})$/.exec(cells[2] ?? '')?.[1];
    out.set(Number(cells[0]), {
      genre: GENRES[Math.max(first, 0)],
      year: year ? `${year.slice(0, 3)}0s` : null,
    });
  }
  return out;
}

function buildTable(
  text: string,
  users: Map<number, UserInfo>,
  items: Map<number, ItemInfo>,
  threshold: number,
): Dataset {
  const rows = lines(text);
  if (rows.length !== EXPECTED_RATINGS) {
    throw new DataSourceError(
      `loadMovielens100k: u.data has ${rows.length} ratings, expected ${EXPECTED_RATINGS}; ` +
        'the file is truncated or not MovieLens 100K.',
    );
  }
  const raw: Record<string, CategoryValue[]> = {};
  for (const c of MOVIELENS_COLUMNS) raw[c] = new Array(rows.length);
  rows.forEach((line, i) => {
    const [u, m, r, t] = line.split('\t').map(Number);
    const user = users.get(u);
    const item = items.get(m);
    if (!user || !item) {
      throw new DataSourceError(
        `loadMovielens100k: u.data line ${i + 1} names ${user ? `item ${m}` : `user ${u}`}, ` +
          `which is not in ${user ? 'u.item' : 'u.user'}; the files do not belong together.`,
      );
    }
    const date = new Date(t * 1000);
    raw.label[i] = r >= threshold ? 1 : 0;
    raw.user[i] = u;
    raw.item[i] = m;
    raw.age[i] = user.age;
    raw.gender[i] = user.gender;
    raw.occupation[i] = user.occupation;
    raw.zip[i] = user.zip;
    raw.genre[i] = item.genre;
    raw.year[i] = item.year;
    raw.weekday[i] = WEEKDAYS[(date.getUTCDay() + 6) % 7];
    raw.hour[i] = date.getUTCHours();
  });
  const order: Partial<Record<string, readonly CategoryValue[]>> = {
    age: AGE_GROUPS,
    weekday: WEEKDAYS,
    genre: GENRES,
  };
  const columns: ColumnSchema[] = [];
  const arrays: ColumnArrays = {};
  for (const name of MOVIELENS_COLUMNS) {
    // The label always has both levels, so every table of this kind shares its codes.
    const { codes, categories } =
      name === 'label' ? codeColumn(raw[name], [0, 1], true) : codeColumn(raw[name], order[name]);
    columns.push({ name, kind: 'categorical', categories });
    arrays[name] = codes;
  }
  return Dataset.fromColumns({ columns, label: 'label' }, arrays);
}

/** Codes for a column: categories in `order` (those seen, or all), else sorted ascending. */
function codeColumn(
  values: CategoryValue[],
  order?: readonly CategoryValue[],
  keepAll = false,
): { codes: Int32Array; categories: CategoryValue[] } {
  const seen = new Set(values);
  let categories: CategoryValue[];
  if (order) categories = order.filter((c) => keepAll || seen.has(c));
  else {
    categories = [...seen].sort((a, b) => {
      if (a === null || b === null) return a === null ? 1 : -1;
      if (typeof a === 'number' && typeof b === 'number') return a - b;
      return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
    });
  }
  const lookup = new Map(categories.map((c, i) => [c, i]));
  const codes = Int32Array.from(values, (v) => lookup.get(v)!);
  return { codes, categories };
}
