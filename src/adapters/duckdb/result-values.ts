/**
 * DuckDB values → plain, structured-cloneable, JSON-friendly values, converted in
 * the worker before a result crosses the bridge:
 * BIGINT/HUGEINT → number when safe else string; DECIMAL → number; DATE, TIME and
 * TIMESTAMP → ISO-8601 strings; LIST/ARRAY → arrays; STRUCT → objects;
 * MAP → [{key, value}]; BLOB → base64; UUID, INTERVAL, ENUM, BIT → strings.
 */
import type { DuckDBValue, DuckDBValueConverter } from '@duckdb/node-api';
import { duckdb } from './driver.js';

const { DuckDBTypeId, arrayFromArrayValue, arrayFromListValue, booleanFromValue, createDuckDBValueConverter, doubleFromDecimalValue, fromVariantValue, nullConverter, numberFromValue, objectArrayFromMapValue, objectFromStructValue, objectFromUnionValue, stringFromValue, unsupportedConverter } = duckdb;
type DuckDBTypeId = import('@duckdb/node-api').DuckDBTypeId;

export type PlainValue = null | boolean | number | string | PlainValue[] | { [key: string]: PlainValue };

function numberOrStringFromBigInt(value: DuckDBValue): number | string {
  const big = value as bigint;
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big.toString();
}

/** DuckDB prints `2024-01-02 03:04:05.123`; ISO wants a `T`. Infinite values (`infinity`) pass through. */
function isoFromTimestampValue(value: DuckDBValue): string {
  return String(value).replace(' ', 'T');
}

/** DuckDB prints TIMESTAMPTZ in UTC as `2024-01-02 01:04:05+00`; ISO: `2024-01-02T01:04:05Z`. */
function isoFromTimestampTzValue(value: DuckDBValue): string {
  return isoFromTimestampValue(value).replace(/\+00(:00)?$/, 'Z');
}

function base64FromBlobValue(value: DuckDBValue): string {
  const bytes = (value as { bytes: Uint8Array }).bytes;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

const convertersByTypeId: Record<DuckDBTypeId, DuckDBValueConverter<PlainValue> | undefined> = {
  [DuckDBTypeId.INVALID]: unsupportedConverter,
  [DuckDBTypeId.BOOLEAN]: booleanFromValue,
  [DuckDBTypeId.TINYINT]: numberFromValue,
  [DuckDBTypeId.SMALLINT]: numberFromValue,
  [DuckDBTypeId.INTEGER]: numberFromValue,
  [DuckDBTypeId.BIGINT]: numberOrStringFromBigInt,
  [DuckDBTypeId.UTINYINT]: numberFromValue,
  [DuckDBTypeId.USMALLINT]: numberFromValue,
  [DuckDBTypeId.UINTEGER]: numberFromValue,
  [DuckDBTypeId.UBIGINT]: numberOrStringFromBigInt,
  [DuckDBTypeId.FLOAT]: numberFromValue,
  [DuckDBTypeId.DOUBLE]: numberFromValue,
  [DuckDBTypeId.TIMESTAMP]: isoFromTimestampValue,
  [DuckDBTypeId.DATE]: stringFromValue,
  [DuckDBTypeId.TIME]: stringFromValue,
  [DuckDBTypeId.INTERVAL]: stringFromValue,
  [DuckDBTypeId.HUGEINT]: numberOrStringFromBigInt,
  [DuckDBTypeId.UHUGEINT]: numberOrStringFromBigInt,
  [DuckDBTypeId.VARCHAR]: stringFromValue,
  [DuckDBTypeId.BLOB]: base64FromBlobValue,
  [DuckDBTypeId.DECIMAL]: doubleFromDecimalValue,
  [DuckDBTypeId.TIMESTAMP_S]: isoFromTimestampValue,
  [DuckDBTypeId.TIMESTAMP_MS]: isoFromTimestampValue,
  [DuckDBTypeId.TIMESTAMP_NS]: isoFromTimestampValue,
  [DuckDBTypeId.ENUM]: stringFromValue,
  [DuckDBTypeId.LIST]: arrayFromListValue,
  [DuckDBTypeId.STRUCT]: objectFromStructValue,
  [DuckDBTypeId.MAP]: objectArrayFromMapValue as DuckDBValueConverter<PlainValue>,
  [DuckDBTypeId.ARRAY]: arrayFromArrayValue,
  [DuckDBTypeId.UUID]: stringFromValue,
  [DuckDBTypeId.UNION]: objectFromUnionValue as DuckDBValueConverter<PlainValue>,
  [DuckDBTypeId.BIT]: stringFromValue,
  [DuckDBTypeId.TIME_TZ]: stringFromValue,
  [DuckDBTypeId.TIMESTAMP_TZ]: isoFromTimestampTzValue,
  [DuckDBTypeId.ANY]: unsupportedConverter,
  [DuckDBTypeId.BIGNUM]: stringFromValue,
  [DuckDBTypeId.SQLNULL]: nullConverter,
  [DuckDBTypeId.STRING_LITERAL]: unsupportedConverter,
  [DuckDBTypeId.INTEGER_LITERAL]: unsupportedConverter,
  [DuckDBTypeId.TIME_NS]: stringFromValue,
  [DuckDBTypeId.GEOMETRY]: stringFromValue,
  [DuckDBTypeId.VARIANT]: fromVariantValue,
};

export const toPlainValue: DuckDBValueConverter<PlainValue> = createDuckDBValueConverter(convertersByTypeId);
