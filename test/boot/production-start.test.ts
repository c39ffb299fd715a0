import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const startCommand = pkg.scripts.start;

// Without a limit V8 sizes the heap from the machine's memory (4 GB here) and lets it grow to
// hundreds of MB under load before collecting; 256 MB keeps a busy instance well under 300 MB.
describe('the production start command', () => {
  it('caps the JavaScript heap', () => {
    expect(startCommand).toBe('node --max-old-space-size=256 dist/src/server.js');
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
