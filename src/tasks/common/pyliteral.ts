// A parser for the JSON / Python-literal values that records and answers carry: numbers, strings (single or double
// quotes), True/False/None, lists, tuples, sets and dicts. Tuples and sets become arrays, None becomes null, dict
// keys that are tuples become their string form "(r, c)". Our own parser: untrusted text is never evaluated.
// Iterative in its nesting limit and linear in the input, so hostile text costs bounded time.

export type PyValue = null | boolean | number | string | PyValue[] | { [key: string]: PyValue };

export class PyLiteralError extends Error {}

const MAX_DEPTH = 200;

class Parser {
  pos = 0;
  constructor(readonly src: string) {}

  fail(what: string): never {
    const near = this.src.slice(this.pos, this.pos + 20);
    throw new PyLiteralError(`${what} at offset ${this.pos} (near ${JSON.stringify(near)})`);
  }

  ws(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
  }

  value(depth: number): PyValue {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    this.ws();
    const ch = this.src[this.pos];
    if (ch === undefined) this.fail('unexpected end of input');
    if (ch === '[') return this.seq(']', depth);
    if (ch === '(') return this.tuple(depth);
    if (ch === '{') return this.dictOrSet(depth);
    if (ch === '"' || ch === "'") return this.str();
    return this.atom();
  }

  seq(close: string, depth: number): PyValue[] {
    this.pos++;
    const out: PyValue[] = [];
    for (;;) {
      this.ws();
      if (this.src[this.pos] === close) {
        this.pos++;
        return out;
      }
      out.push(this.value(depth + 1));
      this.ws();
      if (this.src[this.pos] === ',') this.pos++;
      else if (this.src[this.pos] !== close) this.fail(`expected ',' or '${close}'`);
    }
  }

  tuple(depth: number): PyValue {
    const start = this.pos;
    const items = this.seq(')', depth);
    // "(x)" without a comma is a parenthesised value, not a 1-tuple.
    const inner = this.src.slice(start + 1, this.pos - 1);
    if (items.length === 1 && !/,\s*$/.test(inner.trim())) return items[0];
    return items;
  }

  dictOrSet(depth: number): PyValue {
    this.pos++;
    this.ws();
    if (this.src[this.pos] === '}') {
      this.pos++;
      return {};
    }
    const first = this.value(depth + 1);
    this.ws();
    if (this.src[this.pos] !== ':') {
      // A set literal: {a, b, c}.
      const items: PyValue[] = [first];
      for (;;) {
        this.ws();
        if (this.src[this.pos] === '}') {
          this.pos++;
          return items;
        }
        if (this.src[this.pos] !== ',') this.fail("expected ',' or '}' in set");
        this.pos++;
        this.ws();
        if (this.src[this.pos] === '}') continue;
        items.push(this.value(depth + 1));
      }
    }
    const out: { [key: string]: PyValue } = {};
    let key = first;
    for (;;) {
      this.pos++; // ':'
      out[keyString(key)] = this.value(depth + 1);
      this.ws();
      if (this.src[this.pos] === ',') {
        this.pos++;
        this.ws();
      }
      if (this.src[this.pos] === '}') {
        this.pos++;
        return out;
      }
      key = this.value(depth + 1);
      this.ws();
      if (this.src[this.pos] !== ':') this.fail("expected ':' in dict");
    }
  }

  str(): string {
    const quote = this.src[this.pos++];
    let out = '';
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos++];
      if (ch === quote) return out;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const esc = this.src[this.pos++];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '/': '/', b: '\b', f: '\f' };
      if (esc in simple) out += simple[esc];
      else if (esc === 'u' || esc === 'x') {
        const len = esc === 'u' ? 4 : 2;
        const hex = this.src.slice(this.pos, this.pos + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) this.fail('bad escape');
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += len;
      } else out += '\\' + (esc ?? '');
    }
    this.fail('unterminated string');
  }

  atom(): PyValue {
    const m = /^(?:[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|inf|Infinity)|True|False|None|true|false|null|NaN|nan)/.exec(
      this.src.slice(this.pos, this.pos + 400),
    );
    if (!m) this.fail('unexpected character');
    this.pos += m[0].length;
    const word = m[0];
    if (word === 'True' || word === 'true') return true;
    if (word === 'False' || word === 'false') return false;
    if (word === 'None' || word === 'null') return null;
    if (/^[-+]?(inf|Infinity)$/.test(word)) return word.startsWith('-') ? -Infinity : Infinity;
    if (word === 'NaN' || word === 'nan') return NaN;
    return Number(word);
  }
}

function keyString(key: PyValue): string {
  if (typeof key === 'string') return key;
  if (Array.isArray(key)) return `(${key.map((k) => keyString(k)).join(', ')})`;
  return String(key);
}

/** Parses a whole JSON or Python literal; throws PyLiteralError naming the offset on failure. */
export function parsePyLiteral(text: string): PyValue {
  const p = new Parser(text);
  const v = p.value(0);
  p.ws();
  if (p.pos !== text.length) p.fail('trailing text after the value');
  return v;
}

/** parsePyLiteral, or undefined when the text is not a literal. */
export function tryParsePyLiteral(text: string): PyValue | undefined {
  try {
    return parsePyLiteral(text);
  } catch (err) {
    if (err instanceof PyLiteralError) return undefined;
    throw err;
  }
}
