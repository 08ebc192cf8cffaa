// The single executable's floor (bench.ts): what the executable's own node, under the executable's V8
// flags, takes to print a first screen of backends, and what it then costs to read every backend
// once a second, with nothing drawn. No pgwarden code: node-postgres (rows as arrays, as pgwarden
// reads them) and one write to the terminal.
//
//   node <flags> bench/floor-screen.cjs HOST PORT ROLE
'use strict';
const { Client } = require('pg');

const [host, port, user] = process.argv.slice(2);
const client = new Client({ host, port: Number(port), user, database: 'postgres', application_name: 'bench-floor-screen' });
const read = () => client.query({ text: 'SELECT * FROM pg_stat_activity', rowMode: 'array' });

client
  .connect()
  .then(read)
  .then((first) => {
    // What the benchmark's check for a populated screen looks for: a PID heading, then rows that
    // start with a pid. Numbers only: the rows' text is the server's users' and is not printed.
    const pid = first.fields.findIndex((f) => f.name === 'pid');
    const rows = first.rows.slice(0, 40).map((r) => `${String(Number(r[pid])).padStart(8)}  ${r.filter((v) => v !== null).length} of ${r.length} fields set`);
    process.stdout.write(`\x1b[2J\x1b[H     PID  ${first.rows.length} backends\n${rows.join('\n')}\n`);
    setInterval(() => read().catch(() => {}), 1000);
  })
  .catch((err) => {
    process.stderr.write(`floor: ${err.message}\n`);
    process.exit(1);
  });
