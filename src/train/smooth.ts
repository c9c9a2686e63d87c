// Numeric helpers behind the plots: exponential smoothing as TensorBoard draws it, a y range fitted to the data,
// and the pointwise mean of several curves (seeds of one sweep point). Pure functions on [x, y] pairs, so the
// arithmetic is tested apart from any drawing.

/** An [x, y] pair; y may be null or non-finite where a row had no value (a skipped step). */
export type MaybePoint = readonly [number, number | null | undefined];
export type XY = [number, number];

/** True for a point that can be drawn: both coordinates finite numbers. */
export function isFinitePoint(p: MaybePoint): p is XY {
  return typeof p[1] === 'number' && Number.isFinite(p[1]) && Number.isFinite(p[0]);
}

/**
 * Exponential moving average with TensorBoard's zero-start bias correction:
 *   m_t = w·m_{t−1} + (1 − w)·x_t,  m_0 = 0,  s_t = m_t / (1 − w^t),
 * where t counts the finite values seen so far. Without the division the first values would be pulled towards 0
 * (m_1 = (1 − w)·x_1); with it s_1 = x_1 and the early curve is an honest weighted mean of what came before.
 * Non-finite or missing values are skipped — they neither enter the average nor appear in the output — so a
 * skipped update never drags the line to 0. Weight 0 returns the finite points unchanged.
 */
export function emaSmooth(points: readonly MaybePoint[], weight: number): XY[] {
  if (!(weight >= 0 && weight < 1)) throw new Error(`smoothing weight must be in [0, 1), got ${weight}`);
  const out: XY[] = [];
  let m = 0;
  let t = 0;
  for (const p of points) {
    if (!isFinitePoint(p)) continue;
    t++;
    m = weight * m + (1 - weight) * p[1];
    out.push([p[0], weight === 0 ? p[1] : m / (1 - weight ** t)]);
  }
  return out;
}

/**
 * The y range to draw: the data's extent plus `margin` of its span on each side (so a curve never sits on the
 * frame), clamped to the metric's natural `bounds` when it has them (a share cannot leave [0, 1], so the axis
 * should not either). A flat series gets a small band around its value instead of a zero-height axis.
 */
export function fitRange(values: readonly number[], bounds?: readonly [number, number], margin = 0.05): [number, number] {
  const v = values.filter(Number.isFinite);
  if (v.length === 0) return bounds ? [bounds[0], bounds[1]] : [0, 1];
  let lo = Math.min(...v);
  let hi = Math.max(...v);
  const span = hi - lo;
  // Flat data: pad by a share of the natural range if there is one, else of the value itself.
  const pad = span > 0 ? span * margin : bounds ? (bounds[1] - bounds[0]) * margin : Math.max(Math.abs(lo) * 0.1, 1e-3);
  lo -= pad;
  hi += pad;
  if (bounds) {
    lo = Math.max(lo, bounds[0]);
    hi = Math.min(hi, bounds[1]);
  }
  return [lo, hi];
}

/** y of a polyline (sorted by x) at `x`, by linear interpolation; undefined outside its x range. */
function interpolate(curve: readonly XY[], x: number): number | undefined {
  if (curve.length === 0 || x < curve[0][0] || x > curve[curve.length - 1][0]) return undefined;
  let lo = 0;
  let hi = curve.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (curve[mid][0] <= x) lo = mid;
    else hi = mid;
  }
  const [x0, y0] = curve[lo];
  const [x1, y1] = curve[hi];
  return x1 === x0 || x <= x0 ? y0 : y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
}

/**
 * The pointwise mean of several curves, as drawn (straight segments between their points): evaluated at every x
 * any curve has, within the x range all curves share, so the mean never extrapolates a seed that stopped early
 * or started late. Runs matched by training time evaluate at slightly different seconds; interpolating is what
 * lets their mean be taken at all. Non-finite points are dropped first; curves without any are ignored.
 */
export function meanCurve(curves: readonly (readonly MaybePoint[])[]): XY[] {
  const clean = curves.map((c) => c.filter(isFinitePoint).sort((a, b) => a[0] - b[0])).filter((c) => c.length > 0);
  if (clean.length === 0) return [];
  const from = Math.max(...clean.map((c) => c[0][0]));
  const to = Math.min(...clean.map((c) => c[c.length - 1][0]));
  const xs = [...new Set(clean.flatMap((c) => c.map((p) => p[0])))].filter((x) => x >= from && x <= to).sort((a, b) => a - b);
  return xs.map((x) => [x, clean.reduce((sum, c) => sum + interpolate(c, x)!, 0) / clean.length]);
}
