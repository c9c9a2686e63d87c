// Arithmetic expressions from untrusted text (24 points): our own tokenizer, recursive-descent parser and exact
// rational evaluator — never eval. Accepts + - * / and the spellings models write: × · ⋅ ∗ ÷ − –, LaTeX \times \cdot
// \div \frac{a}{b} \left( \right), and ( ) [ ] { } as brackets. Binary operators only: a unary sign and implicit
// multiplication ("3(4+4)") are errors, because the task combines the given numbers with binary operations.
// Bounded: the input length is capped and nesting deeper than MAX_DEPTH is an error, not a stack overflow.

export interface Rational {
  n: bigint;
  /** Always > 0; n/d is in lowest terms. */
  d: bigint;
}

export type Expr = { kind: 'num'; text: string; value: Rational } | { kind: 'bin'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr };

const MAX_DEPTH = 64;
const MAX_CHARS = 2_000;
const MAX_LITERAL = 40;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function rational(n: bigint, d: bigint = 1n): Rational {
  if (d === 0n) throw new Error('rational: zero denominator');
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d) || 1n;
  return { n: (sign * n) / g, d: (sign * d) / g };
}

export function applyOp(op: '+' | '-' | '*' | '/', a: Rational, b: Rational): Rational | null {
  switch (op) {
    case '+':
      return rational(a.n * b.d + b.n * a.d, a.d * b.d);
    case '-':
      return rational(a.n * b.d - b.n * a.d, a.d * b.d);
    case '*':
      return rational(a.n * b.n, a.d * b.d);
    case '/':
      return b.n === 0n ? null : rational(a.n * b.d, a.d * b.n);
  }
}

export function formatRational(r: Rational): string {
  return r.d === 1n ? String(r.n) : `${r.n}/${r.d}`;
}

export function equalsInt(r: Rational, k: number): boolean {
  return r.d === 1n && r.n === BigInt(k);
}

/** Rewrites every accepted spelling into the ASCII alphabet the parser reads: digits . + - * / ( ) and F for \frac. */
export function normaliseExpression(text: string): string {
  return text
    .replace(/\\left|\\right|\\big|\\Big|\\,|\\;|\\!|\\ |\\quad/g, ' ')
    .replace(/\\(?:times|cdot|ast)/g, '*')
    .replace(/\\div/g, '/')
    .replace(/\\d?frac/g, 'F')
    .replace(/[×·⋅∗✕]/g, '*')
    .replace(/[÷∕]/g, '/')
    .replace(/[−–]/g, '-')
    .replace(/[[{]/g, '(')
    .replace(/[\]}]/g, ')');
}

type Tok = { t: 'num'; text: string; at: number } | { t: 'op' | 'lp' | 'rp' | 'frac'; text: string; at: number };

function tokenize(src: string): Tok[] | string {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (/[0-9.]/.test(ch)) {
      const m = /^(\d+(\.\d*)?|\.\d+)/.exec(src.slice(i, i + MAX_LITERAL + 1));
      if (!m) return `stray '.' at character ${i + 1}`;
      if (m[0].length > MAX_LITERAL) return `number at character ${i + 1} is too long`;
      out.push({ t: 'num', text: m[0], at: i });
      i += m[0].length;
    } else if ('+-*/'.includes(ch)) {
      out.push({ t: 'op', text: ch, at: i++ });
    } else if (ch === '(') {
      out.push({ t: 'lp', text: ch, at: i++ });
    } else if (ch === ')') {
      out.push({ t: 'rp', text: ch, at: i++ });
    } else if (ch === 'F') {
      out.push({ t: 'frac', text: '\\frac', at: i++ });
    } else {
      return `unexpected character ${JSON.stringify(ch)} in the expression`;
    }
  }
  return out;
}

function literal(text: string): Rational {
  const [whole, frac = ''] = text.split('.');
  return rational(BigInt((whole || '0') + frac), 10n ** BigInt(frac.length));
}

class ExprParser {
  pos = 0;
  constructor(readonly toks: Tok[]) {}

  fail(msg: string): never {
    throw new ExprError(msg);
  }

  peek(): Tok | undefined {
    return this.toks[this.pos];
  }

  expr(depth: number): Expr {
    if (depth > MAX_DEPTH) this.fail(`brackets nested deeper than ${MAX_DEPTH}`);
    let left = this.term(depth);
    for (let t = this.peek(); t && t.t === 'op' && (t.text === '+' || t.text === '-'); t = this.peek()) {
      this.pos++;
      left = { kind: 'bin', op: t.text, left, right: this.term(depth) };
    }
    return left;
  }

  term(depth: number): Expr {
    let left = this.factor(depth);
    for (;;) {
      const t = this.peek();
      if (t && t.t === 'op' && (t.text === '*' || t.text === '/')) {
        this.pos++;
        left = { kind: 'bin', op: t.text, left, right: this.factor(depth) };
      } else if (t && (t.t === 'num' || t.t === 'lp' || t.t === 'frac')) {
        this.fail(`missing operator before ${t.t === 'num' ? t.text : t.t === 'lp' ? "'('" : '\\frac'} (implicit multiplication is not allowed)`);
      } else {
        return left;
      }
    }
  }

  factor(depth: number): Expr {
    const t = this.peek();
    if (!t) this.fail('the expression ends where a number was expected');
    this.pos++;
    if (t.t === 'num') return { kind: 'num', text: t.text, value: literal(t.text) };
    if (t.t === 'lp') {
      const inner = this.expr(depth + 1);
      if (this.peek()?.t !== 'rp') this.fail("unbalanced brackets: missing ')'");
      this.pos++;
      return inner;
    }
    if (t.t === 'frac') {
      if (this.peek()?.t !== 'lp') this.fail('\\frac must be followed by {numerator}{denominator}');
      const num = this.factor(depth + 1);
      if (this.peek()?.t !== 'lp') this.fail('\\frac must be followed by {numerator}{denominator}');
      const den = this.factor(depth + 1);
      return { kind: 'bin', op: '/', left: num, right: den };
    }
    if (t.t === 'op' && (t.text === '-' || t.text === '+')) this.fail(`unary '${t.text}' is not allowed: every operator must combine two operands`);
    this.fail(t.t === 'rp' ? "unbalanced brackets: unexpected ')'" : `operator '${t.text}' where a number was expected`);
  }
}

export class ExprError extends Error {}

/** Parses an arithmetic expression; the numbers are listed in reading order. */
export function parseArithmetic(text: string): { expr: Expr; numbers: string[] } | { error: string } {
  if (text.length > MAX_CHARS) return { error: `expression is ${text.length} characters long; at most ${MAX_CHARS} allowed` };
  const toks = tokenize(normaliseExpression(text));
  if (typeof toks === 'string') return { error: toks };
  if (toks.length === 0) return { error: 'the expression is empty' };
  const p = new ExprParser(toks);
  try {
    const expr = p.expr(0);
    const rest = p.peek();
    if (rest) return { error: rest.t === 'rp' ? "unbalanced brackets: unexpected ')'" : `unexpected '${rest.text}' after the end of the expression` };
    const numbers = toks.filter((t) => t.t === 'num').map((t) => t.text);
    return { expr, numbers };
  } catch (err) {
    if (err instanceof ExprError) return { error: err.message };
    throw err;
  }
}

/** Fully parenthesised text of a sub-expression, for reasons. */
export function formatExpr(e: Expr): string {
  if (e.kind === 'num') return e.text;
  const sym = { '+': '+', '-': '-', '*': '×', '/': '÷' }[e.op];
  return `(${formatExpr(e.left)} ${sym} ${formatExpr(e.right)})`;
}

/** Exact value, or an error naming the first division by zero. Recursion depth is bounded by the parser's. */
export function evaluateExpr(e: Expr): { value: Rational } | { error: string } {
  if (e.kind === 'num') return { value: e.value };
  const l = evaluateExpr(e.left);
  if ('error' in l) return l;
  const r = evaluateExpr(e.right);
  if ('error' in r) return r;
  const v = applyOp(e.op, l.value, r.value);
  if (v === null) return { error: `division by zero: ${formatExpr(e.right)} is 0 in ${formatExpr(e)}` };
  return { value: v };
}

/** Canonical text of a number literal's value ("08" → "8", "3.0" → "3", "2.50" → "5/2"), for multiset checks. */
export function literalValueText(text: string): string {
  return formatRational(literal(text));
}
