/** The daemon process `kiln daemon start` launches: `node entry.js <project dir> <idle minutes>`. */
import { serveDaemon } from './server.js';

const [projectDir, idleTimeoutMinutes] = process.argv.slice(2);
serveDaemon({ projectDir: projectDir!, idleTimeoutMinutes: Number(idleTimeoutMinutes) }).catch((error: unknown) => {
  console.error(`kiln daemon failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
