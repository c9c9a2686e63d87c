// Longest strictly increasing subsequence by patience sorting (O(n log n)); `lisTable` is the O(n²) DP the traces
// walk through, with predecessor links to rebuild one longest subsequence.
export function lisLength(seq: number[]): number {
  const tails: number[] = [];
  for (const x of seq) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = x;
  }
  return tails.length;
}

export interface LisTable {
  /** dp[i] = length of the longest increasing subsequence ending at i. */
  dp: number[];
  /** prev[i] = index before i on one such subsequence, or -1. */
  prev: number[];
  /** One longest subsequence, as indices. */
  best: number[];
}

export function lisTable(seq: number[]): LisTable {
  const dp = seq.map(() => 1);
  const prev = seq.map(() => -1);
  for (let i = 0; i < seq.length; i++) {
    for (let j = 0; j < i; j++) {
      if (seq[j] < seq[i] && dp[j] + 1 > dp[i]) {
        dp[i] = dp[j] + 1;
        prev[i] = j;
      }
    }
  }
  let end = 0;
  for (let i = 1; i < seq.length; i++) if (dp[i] > dp[end]) end = i;
  const best: number[] = [];
  for (let k = seq.length > 0 ? end : -1; k >= 0; k = prev[k]) best.unshift(k);
  return { dp, prev, best };
}
