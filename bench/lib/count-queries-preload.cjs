// Preloaded into a child (node --require) by bench/intake.mjs --count-queries: counts the SQL statements the process
// sends through `pg` (the driver TypeORM uses too), by statement text, and writes the tally to $BENCH_QUERY_COUNT
// on SIGWINCH. Measurement only; it does not change what is sent.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const out = process.env.BENCH_QUERY_COUNT;
if (out) {
  const pg = require(require.resolve('pg', { paths: [path.resolve(__dirname, '../..')] }));
  const counts = new Map();
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, ...rest) {
    const text = typeof config === 'string' ? config : config && config.text;
    if (typeof text === 'string') {
      // a named (prepared) statement is parsed and planned once per connection; an unnamed one on every call
      const named = config && typeof config === 'object' && config.name ? 'prepared: ' : '';
      const key = named + text.replace(/\s+/g, ' ').trim().slice(0, 160);
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    return original.call(this, config, ...rest);
  };
  process.on('SIGPWR', () => counts.clear());
  process.on('SIGWINCH', () => {
    fs.writeFileSync(out, JSON.stringify([...counts].sort((a, b) => b[1] - a[1]), null, 1));
    process.stdout.write('query count written\n');
  });
}
