// Final-answer extraction, in the order the official MM-HELIX scorer uses: the LAST \boxed{...} (braces nested),
// then the last <answer>...</answer>, then the last "Answer:" line. Linear time on any input.

/** Content of the last balanced \boxed{...}; unbalanced trailing boxes are skipped. */
export function lastBoxed(text: string): string | null {
  let found: string | null = null;
  let from = 0;
  for (;;) {
    const at = text.indexOf('\\boxed', from);
    if (at < 0) break;
    let i = at + '\\boxed'.length;
    while (i < text.length && text[i] === ' ') i++;
    from = at + 1;
    if (text[i] !== '{') continue;
    let depth = 0;
    let end = -1;
    for (let j = i; j < text.length; j++) {
      const ch = text[j];
      if (ch === '{') depth++;
      else if (ch === '}') {
        depth--;
        if (depth === 0) {
          end = j;
          break;
        }
      }
    }
    // An unclosed box swallows the rest of the text; no later box can be balanced either.
    if (end < 0) break;
    found = text.slice(i + 1, end);
    from = end + 1;
  }
  return found;
}

export function lastAnswerTag(text: string): string | null {
  const close = text.lastIndexOf('</answer>');
  if (close < 0) return null;
  const open = text.lastIndexOf('<answer>', close);
  if (open < 0) return null;
  return text.slice(open + '<answer>'.length, close);
}

export function lastAnswerLine(text: string): string | null {
  const re = /answer\s*[:：]/gi;
  let last = -1;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) last = m.index + m[0].length;
  if (last < 0) return null;
  const rest = text.slice(last);
  const nl = rest.indexOf('\n');
  // Multi-line answers (grids) follow "Answer:" on the next lines; keep everything to the end in that case.
  const line = nl < 0 ? rest : rest.slice(0, nl);
  return line.trim().length > 0 ? line : rest;
}

/** The final answer text of a response, trimmed, or null when the response states none. */
export function extractAnswer(text: string): string | null {
  const raw = lastBoxed(text) ?? lastAnswerTag(text) ?? lastAnswerLine(text);
  if (raw === null) return null;
  const t = raw.trim();
  return t.length > 0 ? t : null;
}
