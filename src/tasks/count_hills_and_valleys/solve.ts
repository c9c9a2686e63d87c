// Equal neighbours form one plateau, so collapse runs first; then a hill (valley) is a value above (below) both
// neighbours. Ends never count. This is the official generator's definition.
export function countHillsAndValleys(terrain: number[]): number {
  const runs = terrain.filter((v, i) => i === 0 || v !== terrain[i - 1]);
  let count = 0;
  for (let i = 1; i + 1 < runs.length; i++) {
    if ((runs[i] > runs[i - 1] && runs[i] > runs[i + 1]) || (runs[i] < runs[i - 1] && runs[i] < runs[i + 1])) count++;
  }
  return count;
}
