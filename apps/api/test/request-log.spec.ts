import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestLogFields } from '../src/bootstrap/request-log';

describe('what a request log line says', () => {
  const req = {
    id: 'req-7',
    method: 'POST',
    url: '/',
    originalUrl: '/api/v1/reports',
    headers: { authorization: 'Bearer secret-token', 'x-api-key': 'secret-key', cookie: 'a=b' },
    socket: { remoteAddress: '10.0.0.8' },
  } as unknown as IncomingMessage;

  it('names the request by id, method, full URL and address — and carries no header, tokens least of all', () => {
    const line = requestLogFields.serializers.req(req);
    expect(line).toEqual({ id: 'req-7', method: 'POST', url: '/api/v1/reports', remoteAddress: '10.0.0.8' });
    expect(JSON.stringify(line)).not.toMatch(/secret|cookie/);
  });

  it('gives a response its status only', () => {
    expect(requestLogFields.serializers.res({ statusCode: 201, getHeaders: () => ({ 'set-cookie': 'x' }) } as unknown as ServerResponse)).toEqual({ statusCode: 201 });
  });
});
