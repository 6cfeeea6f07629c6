/** The Redis pub/sub key the api's socket.io adapter and the worker's emitter share (per REDIS_PREFIX). */
export const liveChannelKey = (redisPrefix: string) => `${redisPrefix}:live`;
