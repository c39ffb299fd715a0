import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { createUser } from '../helpers/factories';
import { signIn } from '../helpers/http';
import type { Logger } from '../../src/lib/logger';

const lines: { message: string; fields?: Record<string, unknown> }[] = [];
const capture: Logger = {
  info: (message, fields) => lines.push({ message, fields }),
  warn: (message, fields) => lines.push({ message, fields }),
  error: (message, fields) => lines.push({ message, fields }),
};
const requests = () => lines.filter((l) => l.message === 'request').map((l) => l.fields!);

let logged: TestContext;
let quiet: TestContext;
beforeAll(async () => {
  logged = await createTestContext({ env: { LOG_REQUESTS: 'true' }, logger: capture });
  quiet = await createTestContext({ logger: capture });
});
afterAll(async () => {
  await logged.close();
  await quiet.close();
});
beforeEach(() => {
  lines.length = 0;
});

describe('request logging (LOG_REQUESTS)', () => {
  it('writes one line per request with its method, path, status and time', async () => {
    const agent = await signIn(logged.app, await createUser(logged.db));
    lines.length = 0;
    await agent.get('/dashboard');
    await request(logged.app).get('/no/such/page');
    expect(requests()).toEqual([
      { method: 'GET', path: '/dashboard', status: 200, ms: expect.any(Number) },
      { method: 'GET', path: '/no/such/page', status: 404, ms: expect.any(Number) },
    ]);
  });

  it('never writes a query string or a secret link', async () => {
    await request(logged.app).get('/reset-password/abcdefghijklmnopqrstuvwxyz');
    await request(logged.app).get('/unsubscribe/secret-token-value?x=1');
    await request(logged.app).get('/calendar/secret-calendar-token-0123456789ab.ics');
    await request(logged.app).post('/sessions/1/weeks/1/reflection/submit?_csrf=my-token').field('body', 'x');
    const text = JSON.stringify(requests());
    expect(requests().map((r) => r.path)).toEqual(['/reset-password/[hidden]', '/unsubscribe/[hidden]', '/calendar/[hidden]', '/sessions/1/weeks/1/reflection/submit']);
    expect(text).not.toContain('abcdefghijklmnopqrstuvwxyz');
    expect(text).not.toContain('secret-token-value');
    expect(text).not.toContain('secret-calendar-token');
    expect(text).not.toContain('my-token');
  });

  it('is off unless asked for', async () => {
    await request(quiet.app).get('/');
    expect(requests()).toEqual([]);
  });
});
