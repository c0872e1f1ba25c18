// Runs one fangkong command in this process and prints its peak memory (maxRSS, KB) to fd 3.
import fs from 'node:fs';
const { main, processDeps } = await import('../dist/cli/main.js');
const code = await main(process.argv.slice(2), processDeps());
fs.writeSync(3, `${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
