// Water above bar i is min(highest bar to its left, highest to its right) minus its own height.
export function waterPerBar(height: number[]): number[] {
  const n = height.length;
  const leftMax: number[] = new Array<number>(n);
  const rightMax: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) leftMax[i] = Math.max(height[i], i > 0 ? leftMax[i - 1] : 0);
  for (let i = n - 1; i >= 0; i--) rightMax[i] = Math.max(height[i], i < n - 1 ? rightMax[i + 1] : 0);
  return height.map((h, i) => Math.min(leftMax[i], rightMax[i]) - h);
}

export function trappedWater(height: number[]): number {
  return waterPerBar(height).reduce((a, b) => a + b, 0);
}
