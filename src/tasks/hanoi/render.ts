// Hanoi image: pegs on a base, numbered "1".."3" below; each disk is a coloured bar whose width grows with its
// size, labelled with its number, so both the size order and the disk names read at 112 px.
import { CANVAS, PALETTE, rect, STROKE, svgDoc, textPath } from '../render/index.js';
import type { HanoiState } from './state.js';

const DISK_COLORS = [PALETTE.red, PALETTE.blue, PALETTE.green, PALETTE.orange, PALETTE.purple, PALETTE.teal] as const;

export function renderHanoi(s: HanoiState): string {
  const pegs = s.pegs.length;
  const slot = CANVAS / pegs;
  const baseY = 350;
  const pegH = 250;
  const diskH = Math.min(44, (pegH - 20) / Math.max(1, s.disks));
  const maxW = slot - 16;
  const minW = Math.min(maxW * 0.4, 48);
  const widthOf = (d: number): number => (s.disks <= 1 ? maxW : minW + ((d - 1) / (s.disks - 1)) * (maxW - minW));
  const body: string[] = [rect(8, baseY, CANVAS - 16, 14, { fill: '#6d4c41', rx: 4 })];
  for (let p = 0; p < pegs; p++) {
    const cx = slot * (p + 0.5);
    body.push(rect(cx - 5, baseY - pegH, 10, pegH, { fill: '#8d6e63', rx: 4 }));
    s.pegs[p].forEach((d, i) => {
      const w = widthOf(d);
      const y = baseY - (i + 1) * diskH;
      body.push(rect(cx - w / 2, y + 1, w, diskH - 2, { fill: DISK_COLORS[(d - 1) % DISK_COLORS.length], stroke: PALETTE.ink, width: STROKE.thin, rx: 6 }));
      body.push(textPath(String(d), cx, y + diskH / 2, Math.min(30, diskH * 0.75), { anchor: 'middle', baseline: 'middle', color: '#ffffff', weight: 'bold' }));
    });
    body.push(textPath(String(p + 1), cx, baseY + 52, 34, { anchor: 'middle', baseline: 'middle', weight: 'bold' }));
  }
  return svgDoc(CANVAS, CANVAS, body);
}
