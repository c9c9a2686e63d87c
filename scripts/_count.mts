import { loadProblems } from '../src/data/problems.js';
const [train, ev, ...ex] = process.argv.slice(2);
const seen = new Set<string>();
for (const s of [train, ...ex]) for (const p of loadProblems(s)) seen.add(p.hash);
const evp = loadProblems(ev);
const held = new Set(evp.filter((p) => !seen.has(p.hash)).map((p) => p.hash));
console.log(`train+exclude distinct ${seen.size}; eval ${evp.length}; held-out distinct ${held.size}`);
