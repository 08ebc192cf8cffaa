/** Raw numbers in, short display-safe strings out. */
export { bytes, bytesPerSecond } from './bytes';
export { duration } from './duration';
export { lsn } from './lsn';
export { count, percent, rate, xidAge } from './number';
export { missing, type FormatOptions } from './options';
export { ago, timestamp } from './time';
