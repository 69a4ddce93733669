// Tests call loadProject, parseProject and the YAML readers directly, without the CLI's session
// that loads the validators on demand (src/project/schemas/index.ts): load them up front.
import { loadParseDependencies } from '../../src/compile/parseProject.js';

await loadParseDependencies();
