/**
 * `npm run check-file -- bidders.csv [--scenario BIDDING] [--tender T-2026-001] [--out results.csv]
 * [--url http://127.0.0.1:4000/graphql] [--key dev-trading-platform] [--purpose BIDDER_CHECK]`
 *
 * Checks a tender's bidders from a CSV file (UTF-8 or GBK) and writes the results as CSV — the same
 * file the console's /bidders.html page offers. `--help` lists every option.
 */
import { runCheckFile } from '../gateway/console/check-file-cli.js';

const status = await runCheckFile(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
process.exitCode = status;
