import * as msgpack from 'notepack.io';
import { ownMessageSkippingParser } from '../src/realtime/own-message-parser';

describe('the Redis adapter codec that skips our own broadcasts', () => {
  const packet = { type: 2, data: ['case.created', { caseId: 'c1', case: { number: 'CZ-20261127-0001', description: '井盖缺失' } }], nsp: '/live' };
  const opts = { rooms: ['town', 'district:xincheng'], except: [], flags: {} };

  it('answers a broadcast it encoded with only the sender id, without decoding the packet', () => {
    const parser = ownMessageSkippingParser();
    const bytes = parser.encode(['ourUid01', packet, opts]);
    expect(parser.decode(bytes)).toEqual(['ourUid01']);
  });

  it('decodes everything another instance or the worker published, in full', () => {
    const parser = ownMessageSkippingParser();
    parser.encode(['ourUid01', packet, opts]);
    for (const sender of ['theirUid', 'ourUid0', 'ourUid012', 'emitter']) {
      expect(parser.decode(msgpack.encode([sender, packet, opts]))).toEqual([sender, packet, opts]);
    }
  });

  it('encodes exactly as msgpack does, and decodes requests (objects) as before', () => {
    const parser = ownMessageSkippingParser();
    const message = ['ourUid01', packet, opts];
    expect(parser.encode(message).equals(msgpack.encode(message))).toBe(true);
    const request = { uid: 'ourUid01', requestId: 'r1', type: 3 };
    expect(parser.decode(parser.encode(request))).toEqual(request);
  });
});
