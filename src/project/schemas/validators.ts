/**
 * The schemas themselves, and what turns their issues into errors. This module (and zod with it,
 * ≈90 ms to load) is imported only when a file has to be validated: see `loadValidators` in index.ts.
 */
import { packagesFileSchema } from './packages.js';
import { profilesFileSchema } from './profiles.js';
import { projectFileSchema } from './project.js';
import { propertyFileSchema } from './properties.js';
import { selectorsFileSchema } from './selectors.js';

export { checkConfigMap, KIND_SINGULAR } from './configs.js';
export { issuesToErrors } from './issues.js';

/** Every kind of YAML file kiln reads, by the name callers ask for it with. */
export const SCHEMAS = {
  project: projectFileSchema,
  profiles: profilesFileSchema,
  packages: packagesFileSchema,
  selectors: selectorsFileSchema,
  properties: propertyFileSchema,
};
