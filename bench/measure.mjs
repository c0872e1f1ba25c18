// Runs one fangkong command in this process and prints its peak memory (maxRSS, KB) and its CPU
// time since the process started (user and system, µs) to fd 3.
import fs from 'node:fs';
const { main, processDeps } = await import('../dist/cli/main.js');
const code = await main(process.argv.slice(2), processDeps());
const u = process.resourceUsage();
fs.writeSync(3, `${u.maxRSS} ${u.userCPUTime} ${u.systemCPUTime}\n`);
process.exitCode = code;
