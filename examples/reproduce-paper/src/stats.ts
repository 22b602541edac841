/** Formats an AUC-like number with 5 decimals, or an em dash for NaN. */
export function fmt(v: number, digits = 5): string {
  return Number.isFinite(v) ? v.toFixed(digits) : '—';
}

/** Formats a signed difference. */
export function fmtSigned(v: number, digits = 5): string {
  if (!Number.isFinite(v)) return '—';
  return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`;
}

/** Formats a p-value: 2 significant digits, or "<1e-4". */
export function fmtP(p: number): string {
  if (!Number.isFinite(p)) return '—';
  if (p < 1e-4) return '<1e-4';
  return p.toPrecision(2);
}
