/**
 * The slice of Python's `datetime`, `re` and `itertools` that dbt exposes as
 * `modules.*` and that macros in the wild use.
 */
import { NOT_IMPLEMENTED } from './compat/runtime/jinja-runtime.js';
import { bindArgs, bindArgsByName } from './compat/runtime/python-methods.js';
import { stripKeywords } from './relation.js';
import { makeTuple } from './compat/runtime/python-values.js';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Python's name for a fixed-offset zone (`datetime.timezone(timedelta(hours=9))` is `UTC+09:00`). */
const FIXED_OFFSET_ZONE = /^UTC([+-])(\d\d):(\d\d)$/;

/** The UTC offset of `zone` at `instant`, in milliseconds (Intl's tz database). */
function zoneOffset(zone: string, instant: number): number {
  if (zone === 'UTC') return 0;
  const fixed = FIXED_OFFSET_ZONE.exec(zone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3])) * 60000;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const wall = Date.UTC(parts['year']!, parts['month']! - 1, parts['day'], parts['hour'], parts['minute'], parts['second']);
  return wall - Math.floor(instant / 1000) * 1000;
}

/** `pytz.timezone('Europe/Paris')` / `pytz.utc`: a zone of the tz database. */
export class PyTimeZone {
  constructor(readonly zone: string) {
    if (zone === 'UTC' || FIXED_OFFSET_ZONE.test(zone)) return; // built at module load: no Intl start-up (about 20 ms) until a zone is named
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
    } catch {
      throw new Error(`UnknownTimeZoneError: '${zone}'`);
    }
  }
  /** The zone `+09:30` in an ISO text stands for: UTC itself for a zero offset, as in Python. */
  static fixedOffset(minutes: number): PyTimeZone {
    if (minutes === 0) return new PyTimeZone('UTC');
    const size = Math.abs(minutes);
    return new PyTimeZone(`UTC${minutes < 0 ? '-' : '+'}${pad(Math.floor(size / 60))}:${pad(size % 60)}`);
  }
  /** A naive datetime's wall time, in this zone. */
  localize(dt: PyDateTime): PyDateTime {
    return new PyDateTime(dt.value, dt.dateOnly, this.zone);
  }
  toString(): string {
    return this.zone;
  }
}

/**
 * A Python-like datetime. `value` holds the wall-clock time in its UTC fields; `zone` is null
 * for a naive datetime (read as UTC, as kiln's clocks are) or the tz database zone of an aware one.
 */
export class PyDateTime {
  constructor(readonly value: Date, readonly dateOnly = false, readonly zone: string | null = null) {}
  /** The instant, in epoch milliseconds. */
  private instant(): number {
    if (!this.zone) return this.value.getTime();
    const guess = this.value.getTime() - zoneOffset(this.zone, this.value.getTime());
    return this.value.getTime() - zoneOffset(this.zone, guess);
  }
  private offsetText(colon = true): string {
    if (!this.zone) return '';
    const minutes = Math.round((this.value.getTime() - this.instant()) / 60000);
    const sign = minutes < 0 ? '-' : '+';
    return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}${colon ? ':' : ''}${pad(Math.abs(minutes) % 60)}`;
  }
  get year(): number { return this.value.getUTCFullYear(); }
  get month(): number { return this.value.getUTCMonth() + 1; }
  get day(): number { return this.value.getUTCDate(); }
  get hour(): number { return this.value.getUTCHours(); }
  get minute(): number { return this.value.getUTCMinutes(); }
  get second(): number { return this.value.getUTCSeconds(); }
  get microsecond(): number { return this.value.getUTCMilliseconds() * 1000; }
  get tzinfo(): PyTimeZone | null { return this.zone ? new PyTimeZone(this.zone) : null; }

  strftime(format: string): string {
    const d = this.value;
    return format.replace(/%([a-zA-Z%])/g, (_m, code: string) => {
      switch (code) {
        case 'Y': return String(d.getUTCFullYear());
        case 'y': return pad(d.getUTCFullYear() % 100);
        case 'm': return pad(d.getUTCMonth() + 1);
        case 'd': return pad(d.getUTCDate());
        case 'H': return pad(d.getUTCHours());
        case 'M': return pad(d.getUTCMinutes());
        case 'S': return pad(d.getUTCSeconds());
        case 'f': return pad(d.getUTCMilliseconds() * 1000, 6);
        case 'j': return pad(Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1, 3);
        case 'A': return DAY_NAMES[d.getUTCDay()]!;
        case 'a': return DAY_NAMES[d.getUTCDay()]!.slice(0, 3);
        case 'B': return MONTH_NAMES[d.getUTCMonth()]!;
        case 'b': return MONTH_NAMES[d.getUTCMonth()]!.slice(0, 3);
        case 'z': return this.zone ? this.offsetText(false) : '';
        case 'Z': return this.zone === 'UTC' || FIXED_OFFSET_ZONE.test(this.zone ?? '') ? this.zone! : this.zone ? (new Intl.DateTimeFormat('en-US', { timeZone: this.zone, timeZoneName: 'short' }).formatToParts(new Date(this.instant())).find((p) => p.type === 'timeZoneName')?.value ?? this.zone) : '';
        case '%': return '%';
        default: return `%${code}`;
      }
    });
  }
  isoformat(sep = 'T'): string {
    if (this.dateOnly) return this.strftime('%Y-%m-%d');
    const base = this.strftime(`%Y-%m-%d${sep}%H:%M:%S`);
    const micros = this.microsecond;
    return (micros ? `${base}.${pad(micros, 6)}` : base) + this.offsetText();
  }
  date(): PyDateTime { return new PyDateTime(new Date(Date.UTC(this.year, this.month - 1, this.day)), true); }
  replace(kwargs: Record<string, unknown> = {}): PyDateTime {
    const k = stripKeywords(kwargs) as Record<string, number> & { tzinfo?: PyTimeZone | null };
    const d = this.value;
    const zone = 'tzinfo' in k ? (k.tzinfo?.zone ?? null) : this.zone;
    return new PyDateTime(new Date(Date.UTC(k['year'] ?? d.getUTCFullYear(), (k['month'] ?? d.getUTCMonth() + 1) - 1, k['day'] ?? d.getUTCDate(), k['hour'] ?? d.getUTCHours(), k['minute'] ?? d.getUTCMinutes(), k['second'] ?? d.getUTCSeconds(), (k['microsecond'] ?? d.getUTCMilliseconds() * 1000) / 1000)), this.dateOnly, zone);
  }
  /** The same instant in `tz` (UTC when none is given). */
  astimezone(tz?: PyTimeZone | null): PyDateTime {
    const zone = tz?.zone ?? 'UTC';
    const instant = this.instant();
    return new PyDateTime(new Date(instant + zoneOffset(zone, instant)), this.dateOnly, zone);
  }
  timestamp(): number { return this.instant() / 1000; }
  weekday(): number { return (this.value.getUTCDay() + 6) % 7; }
  isoweekday(): number { return this.weekday() + 1; }
  /** `dt + timedelta(...)` is not expressible in nunjucks; dbt macros use these instead. */
  __add__(delta: unknown): PyDateTime | symbol {
    return delta instanceof PyTimeDelta ? new PyDateTime(new Date(this.value.getTime() + delta.milliseconds), this.dateOnly, this.zone) : NOT_IMPLEMENTED;
  }
  /** datetime − timedelta is a datetime; datetime − datetime a timedelta. */
  __sub__(other: unknown): PyDateTime | PyTimeDelta | symbol {
    if (other instanceof PyTimeDelta) return new PyDateTime(new Date(this.value.getTime() - other.milliseconds), this.dateOnly, this.zone);
    if (other instanceof PyDateTime) return new PyTimeDelta({ milliseconds: this.instant() - other.instant() });
    return NOT_IMPLEMENTED;
  }
  toString(): string { return this.isoformat(' '); }
  valueOf(): number { return this.instant(); }
}

export class PyTimeDelta {
  readonly milliseconds: number;
  constructor(kwargs: Record<string, number> = {}) {
    const k = stripKeywords(kwargs);
    this.milliseconds =
      (k['weeks'] ?? 0) * 604800000 + (k['days'] ?? 0) * 86400000 + (k['hours'] ?? 0) * 3600000 +
      (k['minutes'] ?? 0) * 60000 + (k['seconds'] ?? 0) * 1000 + (k['milliseconds'] ?? 0) + (k['microseconds'] ?? 0) / 1000;
  }
  get days(): number { return Math.floor(this.milliseconds / 86400000); }
  get seconds(): number { return Math.floor((this.milliseconds - this.days * 86400000) / 1000); }
  total_seconds(): number { return this.milliseconds / 1000; }
  /** timedelta + timedelta, and timedelta + datetime (dbt's dates_in_range writes it in this order). */
  __add__(other: unknown): PyTimeDelta | PyDateTime | symbol {
    if (other instanceof PyTimeDelta) return new PyTimeDelta({ milliseconds: this.milliseconds + other.milliseconds });
    if (other instanceof PyDateTime) return other.__add__(this);
    return NOT_IMPLEMENTED;
  }
  valueOf(): number { return this.milliseconds; }
  /** Python's str(timedelta): `1 day, 2:00:00`, `-1 day, 23:00:00`, `0:00:01.500000`. */
  toString(): string {
    const days = this.days;
    const rest = this.milliseconds - days * 86400000;
    const seconds = Math.floor(rest / 1000);
    const micro = Math.round((rest - seconds * 1000) * 1000);
    const clock = `${Math.floor(seconds / 3600)}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}${micro ? `.${String(micro).padStart(6, '0')}` : ''}`;
    return days ? `${days} day${Math.abs(days) === 1 ? '' : 's'}, ${clock}` : clock;
  }
}

const ISO_TEXT = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d)(?::(\d\d)(?::(\d\d)(?:[.,](\d{1,6}))?)?)?(Z|[+-]\d\d(?::?\d\d)?)?)?$/i;

/**
 * Python's `fromisoformat`: a date, or a date and time whose offset (`Z`, `+09:30`) makes the
 * result aware, in a fixed-offset zone; without one it is naive.
 */
function parseIso(text: string, dateOnly: boolean): PyDateTime {
  const m = ISO_TEXT.exec(String(text).trim());
  if (!m || (dateOnly && m[4] !== undefined)) throw new Error(`Invalid isoformat string: '${text}'`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0));
  const micros = Number((m[7] ?? '').padEnd(6, '0'));
  const wall = new Date(Date.UTC(year!, month! - 1, day!, hour, minute, second, micros / 1000));
  if (wall.getUTCMonth() !== month! - 1 || wall.getUTCDate() !== day) throw new Error(`Invalid isoformat string: '${text}'`);
  const offset = m[8];
  if (!offset) return new PyDateTime(wall, dateOnly);
  const digits = offset.toUpperCase() === 'Z' ? '0000' : offset.slice(1).replace(':', '').padEnd(4, '0');
  const minutes = (offset.startsWith('-') ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  return new PyDateTime(wall, false, PyTimeZone.fixedOffset(minutes).zone);
}

function strptime(text: string, format: string): PyDateTime {
  const parts: Record<string, number> = { Y: 1900, m: 1, d: 1, H: 0, M: 0, S: 0 };
  const order: string[] = [];
  const pattern = format.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%([YmdHMSf])/g, (_m, code: string) => {
    order.push(code);
    return code === 'Y' ? '(\\d{4})' : code === 'f' ? '(\\d{1,6})' : '(\\d{1,2})';
  });
  const m = new RegExp(`^${pattern}$`).exec(text);
  if (!m) throw new Error(`time data '${text}' does not match format '${format}'`);
  order.forEach((code, i) => (parts[code] = Number(m[i + 1])));
  return new PyDateTime(new Date(Date.UTC(parts['Y']!, parts['m']! - 1, parts['d'], parts['H'], parts['M'], parts['S'], Math.floor((parts['f'] ?? 0) / 1000))));
}

const TIMEDELTA_PARAMETERS = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'];

/** `timedelta(365)`, `timedelta(days=1, hours=2)`: Python's parameter order, the unset ones left out. */
function timedeltaArgs(args: unknown[]): Record<string, number> {
  return Object.fromEntries(Object.entries(bindArgsByName(args, TIMEDELTA_PARAMETERS)).filter(([, v]) => v !== undefined).map(([k, v]) => [k, Number(v)]));
}

/** `datetime(2024, 1, 2)` or `datetime(year=2024, month=1, day=2)`: year, month and day required, the rest 0. */
function dateParts(args: unknown[], names: string[]): number[] {
  return bindArgs(args, names).map((value, i) => Number(value ?? (i < 3 ? NaN : 0)));
}

const datetimeClass = Object.assign(
  (...args: unknown[]) => {
    const [year, month, day, hour, minute, second, micro] = dateParts(args, ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond']);
    return new PyDateTime(new Date(Date.UTC(year!, month! - 1, day!, hour, minute, second, micro! / 1000)));
  },
  {
    now: () => new PyDateTime(new Date()),
    utcnow: () => new PyDateTime(new Date()),
    today: () => new PyDateTime(new Date()),
    fromisoformat: (text: string) => parseIso(text, false),
    strptime,
    fromtimestamp: (seconds: number) => new PyDateTime(new Date(seconds * 1000)),
  },
);

const dateClass = Object.assign((...args: unknown[]) => {
  const [year, month, day] = dateParts(args, ['year', 'month', 'day']);
  return new PyDateTime(new Date(Date.UTC(year!, month! - 1, day!)), true);
}, {
  today: () => new PyDateTime(new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())), true),
  fromisoformat: (text: string) => parseIso(text, true),
});

function pyFlags(flags: number | undefined): string {
  let out = '';
  if (flags && flags & 2) out += 'i';
  if (flags && flags & 8) out += 'm';
  if (flags && flags & 16) out += 's';
  return out;
}

function pyPattern(pattern: string): string {
  // Python's named groups (?P<name>…) and backreferences (?P=name).
  return pattern.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
}

const INLINE_FLAGS: Record<string, number> = { i: 2, m: 8, s: 16, x: 64 };

/**
 * A JavaScript RegExp for a Python pattern: named groups, inline flags at its start
 * (`(?ix)`), and VERBOSE (whitespace and `#` comments outside classes are not part of it).
 */
function pyRegExp(pattern: string, flags: number | undefined, wrap: (p: string) => string = (p) => p, extraFlags = ''): RegExp {
  let body = pattern;
  let all = flags ?? 0;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(body);
  if (inline) {
    body = body.slice(inline[0].length);
    for (const c of inline[1]!) all |= INLINE_FLAGS[c] ?? 0;
  }
  if (all & 64) body = withoutVerboseParts(body);
  return new RegExp(wrap(pyPattern(body)), extraFlags + pyFlags(all));
}

function withoutVerboseParts(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
    } else if (inClass) {
      out += c;
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '#') {
      while (i < pattern.length && pattern[i] !== '\n') i++;
    } else if (!/\s/.test(c)) out += c;
  }
  return out;
}

class PyMatch {
  constructor(private readonly m: RegExpExecArray) {}
  group(index: number | string = 0): string | undefined {
    return typeof index === 'number' ? this.m[index] : this.m.groups?.[index];
  }
  groups(): (string | undefined)[] {
    return this.m.slice(1);
  }
  groupdict(): Record<string, string | undefined> {
    return { ...(this.m.groups ?? {}) };
  }
  start(): number {
    return this.m.index;
  }
  end(): number {
    return this.m.index + this.m[0].length;
  }
}

const re = {
  IGNORECASE: 2, I: 2, MULTILINE: 8, M: 8, DOTALL: 16, S: 16, VERBOSE: 64, X: 64,
  match: (pattern: string, text: string, flags?: number) => {
    const m = pyRegExp(pattern, flags, (p) => `^(?:${p})`).exec(text);
    return m ? new PyMatch(m) : null;
  },
  fullmatch: (pattern: string, text: string, flags?: number) => {
    const m = pyRegExp(pattern, flags, (p) => `^(?:${p})$`).exec(text);
    return m ? new PyMatch(m) : null;
  },
  search: (pattern: string, text: string, flags?: number) => {
    const m = pyRegExp(pattern, flags).exec(text);
    return m ? new PyMatch(m) : null;
  },
  findall: (pattern: string, text: string, flags?: number) =>
    [...text.matchAll(pyRegExp(pattern, flags, undefined, 'g'))].map((m) => (m.length > 2 ? m.slice(1) : m.length === 2 ? m[1] : m[0])),
  sub: (pattern: string, replacement: string, text: string, count = 0, flags?: number) => {
    let n = 0;
    const js = replacement.replace(/\\(\d)/g, '$$$1').replace(/\\g<(\w+)>/g, (_m, g: string) => (/^\d+$/.test(g) ? `$${g}` : `$<${g}>`));
    return text.replace(pyRegExp(pattern, flags, undefined, 'g'), (...args) => {
      if (count && n >= count) return args[0] as string;
      n++;
      return (args[0] as string).replace(pyRegExp(pattern, flags), js);
    });
  },
  split: (pattern: string, text: string) => text.split(pyRegExp(pattern, 0)),
  escape: (text: string) => text.replace(/[.*+?^${}()|[\]\\\-]/g, '\\$&'),
  compile: (pattern: string, flags?: number) => ({
    pattern,
    match: (text: string) => re.match(pattern, text, flags),
    search: (text: string) => re.search(pattern, text, flags),
    findall: (text: string) => re.findall(pattern, text, flags),
    sub: (replacement: string, text: string, count?: number) => re.sub(pattern, replacement, text, count, flags),
    fullmatch: (text: string) => re.fullmatch(pattern, text, flags),
  }),
};

function product(...lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>((acc, list) => acc.flatMap((prefix) => list.map((item) => [...prefix, item])), [[]]);
}

function combinations(list: unknown[], r: number): unknown[][] {
  if (r === 0) return [[]];
  return list.flatMap((item, i) => combinations(list.slice(i + 1), r - 1).map((rest) => [item, ...rest]));
}

const toList = (items: unknown): unknown[] => (typeof items === 'string' ? [...items] : Array.from(items as Iterable<unknown>));

const itertools = {
  chain: (...lists: unknown[][]) => lists.flat(),
  // The finite ones of Python's itertools; count/cycle/repeat without a bound would never end in a template.
  islice: (items: unknown, ...args: number[]) => {
    const list = toList(items);
    const [start, stop, step] = args.length === 1 ? [0, args[0], 1] : [args[0] ?? 0, args[1], args[2] ?? 1];
    const out: unknown[] = [];
    for (let i = start ?? 0; i < (stop === null || stop === undefined ? list.length : Math.min(stop, list.length)); i += step ?? 1) out.push(list[i]);
    return out;
  },
  zip_longest: (...args: unknown[]) => {
    const kwargsIndex = args.findIndex((a) => a && typeof a === 'object' && '__keywords' in (a as object));
    const fill = kwargsIndex >= 0 ? (stripKeywords(args[kwargsIndex] as { fillvalue?: unknown }).fillvalue ?? null) : null;
    const lists = (kwargsIndex >= 0 ? args.slice(0, kwargsIndex) : args).map(toList);
    const n = Math.max(0, ...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => makeTuple(lists.map((l) => (i < l.length ? l[i] : fill))));
  },
  accumulate: (items: unknown, fn?: (a: unknown, b: unknown) => unknown) => {
    const out: unknown[] = [];
    for (const item of toList(items)) out.push(out.length ? (fn ? fn(out[out.length - 1], item) : (out[out.length - 1] as number) + (item as number)) : item);
    return out;
  },
  repeat: (item: unknown, times = 1) => Array.from({ length: times }, () => item),
  combinations_with_replacement: (items: unknown, r: number): unknown[][] => {
    const list = toList(items);
    const go = (start: number, k: number): unknown[][] => (k === 0 ? [[]] : list.slice(start).flatMap((item, i) => go(start + i, k - 1).map((rest) => [item, ...rest])));
    return go(0, r).map(makeTuple);
  },
  starmap: (fn: (...a: unknown[]) => unknown, items: unknown) => toList(items).map((args) => fn(...toList(args))),
  compress: (items: unknown, selectors: unknown) => {
    const s = toList(selectors);
    return toList(items).filter((_, i) => i < s.length && Boolean(s[i]));
  },
  dropwhile: (fn: (x: unknown) => unknown, items: unknown) => {
    const list = toList(items);
    const i = list.findIndex((x) => !fn(x));
    return i < 0 ? [] : list.slice(i);
  },
  takewhile: (fn: (x: unknown) => unknown, items: unknown) => {
    const list = toList(items);
    const i = list.findIndex((x) => !fn(x));
    return i < 0 ? list : list.slice(0, i);
  },
  filterfalse: (fn: ((x: unknown) => unknown) | null, items: unknown) => toList(items).filter((x) => !(fn ? fn(x) : x)),
  tee: (items: unknown, n = 2) => Array.from({ length: n }, () => toList(items)),
  product,
  combinations,
  permutations: (list: unknown[], r = list.length): unknown[][] =>
    r === 0 ? [[]] : list.flatMap((item, i) => itertools.permutations([...list.slice(0, i), ...list.slice(i + 1)], r - 1).map((rest) => [item, ...rest])),
  groupby: (list: unknown[], key?: (x: unknown) => unknown) => {
    const groups: [unknown, unknown[]][] = [];
    for (const item of list) {
      const k = key ? key(item) : item;
      const last = groups[groups.length - 1];
      if (last && last[0] === k) last[1].push(item);
      else groups.push([k, [item]]);
    }
    return groups;
  },
};

export const pythonModules = {
  datetime: { datetime: datetimeClass, date: dateClass, timedelta: (...args: unknown[]) => new PyTimeDelta(timedeltaArgs(args)), timezone: { utc: new PyTimeZone('UTC') } },
  re,
  itertools,
  pytz: {
    utc: new PyTimeZone('UTC'),
    // Fixed-offset names (`UTC+09:30`) are Python's datetime.timezone, not zones pytz knows.
    timezone: (zone: string) => {
      if (FIXED_OFFSET_ZONE.test(String(zone))) throw new Error(`UnknownTimeZoneError: '${zone}'`);
      return new PyTimeZone(String(zone));
    },
    UTC: new PyTimeZone('UTC'),
  },
};
