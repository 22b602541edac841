/** A stable log-sum-exp in float64, for the variational mixture's responsibilities. */

/** ln Σ exp(values[offset .. offset + length - 1]). */
export function logSumExp(values: Float64Array, offset: number, length: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < length; j++) if (values[offset + j] > max) max = values[offset + j];
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (let j = 0; j < length; j++) sum += Math.exp(values[offset + j] - max);
  return max + Math.log(sum);
}
