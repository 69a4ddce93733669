/**
 * Python string formatting: `'%s-%d' % (a, b)` and `'{}'.format(x)`.
 * dbt macros build SQL with both; JavaScript has neither.
 */
import { asString, formatPyNumber, isDict, isTuple, pyRepr, pyStr, pyTypeName } from './python-values.js';

function toNumber(value: unknown, conversion: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return Number(value);
  throw new TypeError(`%${conversion} format: a real number is required, not ${pyTypeName(value)}`);
}

function exponential(value: number, precision: number, upper: boolean): string {
  const [m, e] = value.toExponential(precision).split('e') as [string, string];
  const exp = Number(e);
  const text = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return upper ? text.toUpperCase() : text;
}

function general(value: number, precision: number, upper: boolean, keepZeros: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (value === 0) return keepZeros ? (0).toFixed(p - 1) : '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(value.toPrecision(p)))));
  let text: string;
  if (exp < -4 || exp >= p) {
    text = exponential(value, p - 1, upper);
    if (!keepZeros) text = text.replace(/\.?0+e/, 'e').replace(/\.?0+E/, 'E');
  } else {
    text = value.toFixed(Math.max(0, p - 1 - exp));
    if (!keepZeros && text.includes('.')) text = text.replace(/\.?0+$/, '');
  }
  return text;
}

/** Formats a number for the conversion types shared by `%` and `format()`. */
function formatNumber(value: number, type: string, precision: number | undefined, alternate: boolean): string {
  const abs = Math.abs(value);
  switch (type) {
    case 'd':
    case 'i':
    case 'u':
      return String(Math.trunc(abs));
    case 'f':
    case 'F':
      return Number.isFinite(abs) ? abs.toFixed(precision ?? 6) : type === 'F' ? 'INF' : 'inf';
    case 'e':
    case 'E':
      return exponential(abs, precision ?? 6, type === 'E');
    case 'g':
    case 'G':
      return general(abs, precision ?? 6, type === 'G', alternate);
    case 'x':
      return (alternate ? '0x' : '') + Math.trunc(abs).toString(16);
    case 'X':
      return (alternate ? '0X' : '') + Math.trunc(abs).toString(16).toUpperCase();
    case 'o':
      return (alternate ? '0o' : '') + Math.trunc(abs).toString(8);
    case 'b':
      return (alternate ? '0b' : '') + Math.trunc(abs).toString(2);
    case '%':
      return `${(abs * 100).toFixed(precision ?? 6)}%`;
    default:
      return formatPyNumber(abs);
  }
}

function pad(text: string, width: number, align: string, fill: string, signLength = 0): string {
  if (text.length >= width) return text;
  const gap = width - text.length;
  if (align === '<') return text + fill.repeat(gap);
  if (align === '^') return fill.repeat(Math.floor(gap / 2)) + text + fill.repeat(Math.ceil(gap / 2));
  if (align === '=') return text.slice(0, signLength) + fill.repeat(gap) + text.slice(signLength);
  return fill.repeat(gap) + text;
}

const PERCENT_SPEC = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;

/** Python's `format % values` (printf-style formatting). */
export function percentFormat(format: string, values: unknown): string {
  const positional = isTuple(values) ? values : [values];
  const mapping = isDict(values) ? values : undefined;
  let next = 0;
  const take = (): unknown => {
    if (next >= positional.length) throw new TypeError('not enough arguments for format string');
    return positional[next++];
  };
  let usedMapping = false;
  const result = format.replace(PERCENT_SPEC, (_all, key: string | undefined, flags: string, widthText, precText, type: string) => {
    if (type === '%') return '%';
    let value: unknown;
    if (key !== undefined) {
      if (!mapping) throw new TypeError('format requires a mapping');
      usedMapping = true;
      value = mapping[key];
      if (value === undefined && !(key in mapping)) throw new Error(`KeyError: ${pyRepr(key)}`);
    }
    const width = widthText === '*' ? Number(take()) : widthText ? Number(widthText) : 0;
    const precision = precText === '*' ? Number(take()) : precText !== undefined ? Number(precText) : undefined;
    if (key === undefined) value = take();
    const left = flags.includes('-');
    let text: string;
    let sign = '';
    if (type === 's' || type === 'r' || type === 'a') {
      text = type === 's' ? pyStr(value) : pyRepr(value);
      if (precision !== undefined) text = text.slice(0, precision);
    } else if (type === 'c') {
      text = typeof value === 'number' ? String.fromCodePoint(value) : pyStr(value);
    } else {
      const num = toNumber(value, type);
      sign = num < 0 || Object.is(num, -0) ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
      text = formatNumber(num, type, precision, flags.includes('#'));
      if (flags.includes('0') && !left && width > sign.length + text.length) {
        text = '0'.repeat(width - sign.length - text.length) + text;
      }
    }
    text = sign + text;
    return left ? text.padEnd(width) : text.padStart(width);
  });
  if (!usedMapping && !mapping && next < positional.length) {
    throw new TypeError('not all arguments converted during string formatting');
  }
  return result;
}

const FORMAT_SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;

/** Python's format-spec mini language (`{:>10.2f}`). */
export function applyFormatSpec(value: unknown, spec: string): string {
  if (spec === '') return pyStr(value);
  const match = FORMAT_SPEC.exec(spec);
  if (!match) throw new Error(`ValueError: Invalid format specifier '${spec}'`);
  const [, fillChar, alignChar, signChar, alt, zero, widthText, grouping, precText, typeChar] = match;
  const width = widthText ? Number(widthText) : 0;
  const precision = precText !== undefined ? Number(precText) : undefined;
  const text = asString(value);
  if (text !== undefined || (typeof value !== 'number' && typeof value !== 'boolean')) {
    let out = text ?? pyStr(value);
    if (precision !== undefined) out = out.slice(0, precision);
    return pad(out, width, alignChar ?? '<', fillChar ?? ' ');
  }
  const num = Number(value);
  let type = typeChar ?? (Number.isInteger(num) ? 'd' : '');
  if (type === 'n') type = Number.isInteger(num) ? 'd' : 'g';
  let body: string;
  if (type === 'c') body = String.fromCodePoint(num);
  else if (type === '') body = precision !== undefined ? general(Math.abs(num), precision, false, false) : formatNumber(num, '', undefined, false);
  else body = formatNumber(num, type, precision, Boolean(alt));
  if (grouping) {
    const [intPart, frac] = body.split('.') as [string, string | undefined];
    const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, grouping);
    body = frac !== undefined ? `${grouped}.${frac}` : grouped;
  }
  const sign = num < 0 ? '-' : signChar === '+' ? '+' : signChar === ' ' ? ' ' : '';
  const signed = sign + body;
  if (zero && !alignChar) return pad(signed, width, '=', '0', sign.length);
  return pad(signed, width, alignChar ?? '>', fillChar ?? ' ', sign.length);
}

function resolveField(field: string, args: unknown[], kwargs: Record<string, unknown>, auto: { next: number; mode?: 'auto' | 'manual' }): unknown {
  const head = /^[^.[]*/.exec(field)![0];
  let value: unknown;
  if (head === '') {
    if (auto.mode === 'manual') throw new Error('ValueError: cannot switch from manual field specification to automatic field numbering');
    auto.mode = 'auto';
    if (auto.next >= args.length) throw new Error(`IndexError: Replacement index ${auto.next} out of range for positional args tuple`);
    value = args[auto.next++];
  } else if (/^\d+$/.test(head)) {
    if (auto.mode === 'auto') throw new Error('ValueError: cannot switch from automatic field numbering to manual field specification');
    auto.mode = 'manual';
    const index = Number(head);
    if (index >= args.length) throw new Error(`IndexError: Replacement index ${index} out of range for positional args tuple`);
    value = args[index];
  } else {
    if (!(head in kwargs)) throw new Error(`KeyError: ${pyRepr(head)}`);
    value = kwargs[head];
  }
  const rest = field.slice(head.length);
  const accessor = /\.([^.[]+)|\[([^\]]+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = accessor.exec(rest))) {
    const key = m[1] ?? m[2]!;
    const container = value as Record<string, unknown>;
    value = m[2] !== undefined && /^\d+$/.test(key) && Array.isArray(container) ? container[Number(key)] : container?.[key];
  }
  return value;
}

/** Python's `str.format(*args, **kwargs)`. */
export function strFormat(format: string, args: unknown[], kwargs: Record<string, unknown>): string {
  const auto: { next: number; mode?: 'auto' | 'manual' } = { next: 0 };
  return format.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (all, inner: string | undefined) => {
    if (all === '{{') return '{';
    if (all === '}}') return '}';
    const body = inner ?? '';
    const specAt = body.indexOf(':');
    const head = specAt >= 0 ? body.slice(0, specAt) : body;
    const spec = specAt >= 0 ? body.slice(specAt + 1) : '';
    const [field, conversion] = head.split('!') as [string, string | undefined];
    let value = resolveField(field, args, kwargs, auto);
    if (conversion === 'r' || conversion === 'a') value = pyRepr(value);
    else if (conversion === 's') value = pyStr(value);
    return applyFormatSpec(value, spec);
  });
}
