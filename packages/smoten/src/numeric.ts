import { type Dataset, isCoded } from '@synthctr/tabular-schema';
import { SmotenError } from './errors.js';

/** Population standard deviation (NumPy's default ddof = 0) of `values` at `rows`. */
export function populationStd(values: Float64Array, rows: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < rows.length; i++) mean += values[rows[i]];
  mean /= rows.length;
  let ss = 0;
  for (let i = 0; i < rows.length; i++) ss += (values[rows[i]] - mean) ** 2;
  return Math.sqrt(ss / rows.length);
}

/** The median, averaging the two middle values of an even count (NumPy's median). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Refuses numeric feature columns with missing values, naming each with its count. */
export function assertNoMissing(
  data: Dataset,
  names: readonly string[],
  where: string,
  why: string,
): void {
  const bad: string[] = [];
  for (const name of names) {
    const schema = data.columnSchema(name);
    if (isCoded(schema)) continue;
    let missing = 0;
    for (const v of data.values(name)) if (Number.isNaN(v)) missing++;
    if (missing > 0) bad.push(`'${name}' (${missing} missing)`);
  }
  if (bad.length > 0) {
    throw new SmotenError(
      `${where}: numeric columns with missing values: ${bad.join(', ')}; ${why}, so impute or drop them first.`,
    );
  }
}
