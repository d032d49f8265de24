/**
 * `npm run check-file -- bidders.xlsx|bidders.csv [--scenario BIDDING] [--tender T-2026-001]
 * [--out results.xlsx|results.csv] [--url http://127.0.0.1:4000/graphql] [--key dev-trading-platform]
 * [--purpose BIDDER_CHECK]`
 *
 * Checks a tender's bidders from an Excel workbook (its first sheet) or a CSV file (UTF-8 or GBK)
 * and writes the results file — the same the console's /bidders.html page offers, as .xlsx or CSV.
 * Without --url and --key it talks to `npm start`'s gateway with the development key. `--help`
 * lists every option.
 */
import { runCheckFile } from '../gateway/console/check-file-cli.js';

const status = await runCheckFile(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
process.exitCode = status;
