import path from 'node:path';

export const projectRoot = path.resolve(__dirname, '../..');

/**
 * How tests start the app as its own Node process (run with `cwd: projectRoot`): tsx is a loader
 * inside that process, not tsx's command-line wrapper, which is a second process relaying signals
 * and under load once ended an app with SIGTERM's 143 before the app's own stop had run.
 */
export const APP_PROCESS_ARGS = ['--import', 'tsx', path.join(projectRoot, 'src/server.ts')];
