/** Telling whether a file kiln wrote is still as it left it, without reading it. */
import { statSync } from 'node:fs';

/** A file's size and modification time (whole milliseconds, as every file system keeps them): a file no one has written since has the same stamp. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/** The file's stamp, or undefined when it is missing. */
export function stampOf(path: string): FileStamp | undefined {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat && { size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) };
}

/** Whether the file at `path` still has `stamp`. */
export function hasStamp(path: string, stamp: FileStamp): boolean {
  const now = stampOf(path);
  return now !== undefined && now.size === stamp.size && now.mtimeMs === stamp.mtimeMs;
}
