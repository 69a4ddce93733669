/** kiln's version, in one place. */
export const KILN_VERSION = '0.1.0';
