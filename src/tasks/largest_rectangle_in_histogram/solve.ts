// Monotonic stack: each bar is popped once, when the first lower bar to its right fixes its rectangle's right edge.
// `onPop` sees every pop (the bar, its span and the best area so far): the generator writes its trace from it.
export function largestRectangle(heights: number[], onPop?: (top: number, left: number, right: number, area: number, best: number) => void): number {
  const stack: number[] = [];
  let best = 0;
  for (let i = 0; i <= heights.length; i++) {
    const h = i === heights.length ? 0 : heights[i];
    while (stack.length > 0 && heights[stack[stack.length - 1]] >= h) {
      const top = stack.pop() as number;
      const left = stack.length > 0 ? stack[stack.length - 1] + 1 : 0;
      const area = heights[top] * (i - left);
      best = Math.max(best, area);
      onPop?.(top, left, i - 1, area, best);
    }
    stack.push(i);
  }
  return best;
}
