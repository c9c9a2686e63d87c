// Final-answer extraction, in the order the official MM-HELIX scorer uses: the LAST \boxed{...} (braces nested),
// then the last <answer>...</answer>, then the last "Answer:" line. Linear time on any input.

/**
 * Content of the LAST \boxed{...}, as the benchmark's scorer takes it (`last_boxed_only_string`): find the last
 * `\boxed`, read its braces with nesting; if that box never closes there is no boxed answer (an earlier box is
 * not used: a response whose last box is cut off has not stated a final answer). Linear time.
 */
export function lastBoxed(text: string): string | null {
  const at = text.lastIndexOf('\\boxed');
  if (at < 0) return null;
  let i = at + '\\boxed'.length;
  while (i < text.length && text[i] === ' ') i++;
  if (text[i] !== '{') return null;
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const ch = text[j];
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return text.slice(i + 1, j);
  }
  return null;
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
