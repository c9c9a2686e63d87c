// Two pointers: the shorter side bounds the area, so moving it inward is the only move that can help.
export function maxContainer(heights: number[]): number {
  let best = 0;
  let i = 0;
  let j = heights.length - 1;
  while (i < j) {
    best = Math.max(best, Math.min(heights[i], heights[j]) * (j - i));
    if (heights[i] < heights[j]) i++;
    else j--;
  }
  return best;
}
