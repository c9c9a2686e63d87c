// Sort descending; h grows while the (h+1)-th paper still has more than h citations.
export function hIndex(citations: number[]): number {
  const sorted = [...citations].sort((a, b) => b - a);
  let h = 0;
  while (h < sorted.length && sorted[h] > h) h++;
  return h;
}
