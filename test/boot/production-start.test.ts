import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const startCommand = pkg.scripts.start;

// Without a limit V8 sizes the heap from the machine's memory (4 GB here) and lets it grow to
// hundreds of MB under load before collecting; 256 MB keeps a busy instance well under 300 MB.
// --liftoff-only: the embedded database is WebAssembly, and V8's optimising recompilation of it
// held about 55 MB more at peak under the benchmark, for no throughput we could measure.
describe('the production start command', () => {
  it('caps the JavaScript heap and compiles the embedded database once, without optimising it again', () => {
    expect(startCommand).toBe('node --max-old-space-size=256 --liftoff-only dist/src/server.js');
  });

  it('uses only options this Node.js accepts (it refuses an unknown one and does not start)', () => {
    const [command, ...args] = startCommand.split(' ');
    const options = args.filter((arg) => arg.startsWith('--'));
    expect(command).toBe('node');
    expect(options.length).toBeGreaterThan(0);
    expect(execFileSync(process.execPath, [...options, '-e', 'process.stdout.write("ok")'], { encoding: 'utf8' })).toBe('ok');
    expect(() => execFileSync(process.execPath, ['--liftoff-onlyx', '-e', '0'], { stdio: 'pipe' })).toThrow(/bad option/);
  });

  it('is the same in the container image', () => {
    const cmd = /^CMD (\[.*\])\s*$/m.exec(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'))?.[1];
    expect(cmd).toBeDefined();
    expect((JSON.parse(cmd!) as string[]).join(' ')).toBe(startCommand);
  });

  it('is not overridden by the compose file', () => {
    expect(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')).not.toMatch(/^\s*(command|entrypoint):/m);
  });
});
