/**
 * Vitest global set-up: the system packages the tests need, found or installed once.
 *
 * The browser tests drive Debian's Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium), and read
 * the printed report's PDF with poppler-utils (`pdftotext`, `pdftoppm`). On a fresh machine of this
 * kind they are not there: as root, with apt-get, they are installed from Debian's packages (saying
 * so); otherwise the run stops at once with the command to run, rather than failing every browser
 * test one by one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** poppler-utils: the printed report's text and pages. */
export const PDFTOTEXT = '/usr/bin/pdftotext';
export const PDFTOPPM = '/usr/bin/pdftoppm';

function log(message: string): void {
  process.stderr.write(`[test set-up] ${message}\n`);
}

function canInstall(): boolean {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

let listsUpdated = false;

/** `apt-get update`, once per run. */
function aptUpdate(): void {
  if (listsUpdated) return;
  apt(['update', '-qq']);
  listsUpdated = true;
}

function apt(args: string[]): void {
  execFileSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Find Chromium, or install Debian's `chromium` package. */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (process.env['CHROMIUM_PATH']) {
    throw new Error(`CHROMIUM_PATH points at ${CHROMIUM}, which does not exist.`);
  }
  if (!canInstall()) {
    throw new Error(`The browser tests need Debian's Chromium at ${CHROMIUM}. Install it (as root: apt-get update && apt-get install -y chromium), or set CHROMIUM_PATH.`);
  }
  log(`Chromium is not at ${CHROMIUM}: installing Debian's chromium package (apt-get update, apt-get install chromium); this happens once per machine.`);
  aptUpdate();
  apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium']);
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is still missing.`);
  log('Chromium installed.');
}

/** Find pdftotext and pdftoppm, or install Debian's `poppler-utils` package. */
export function ensurePoppler(): void {
  if (existsSync(PDFTOTEXT) && existsSync(PDFTOPPM)) return;
  if (!canInstall()) {
    throw new Error(`The report's PDF test needs pdftotext and pdftoppm (Debian's poppler-utils). Install them (as root: apt-get update && apt-get install -y poppler-utils).`);
  }
  log(`pdftotext/pdftoppm are not installed: installing Debian's poppler-utils package (apt-get update, apt-get install poppler-utils), to read the printed report's PDF; this happens once per machine.`);
  aptUpdate();
  apt(['install', '-y', '-qq', '--no-install-recommends', 'poppler-utils']);
  if (!existsSync(PDFTOTEXT) || !existsSync(PDFTOPPM)) throw new Error(`apt-get installed poppler-utils, but ${PDFTOTEXT} or ${PDFTOPPM} is still missing.`);
  log('poppler-utils installed.');
}

export default function setup(): void {
  ensureChromium();
  ensurePoppler();
}
