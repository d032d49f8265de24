/**
 * Vitest global set-up: the system packages the tests need, found or installed once per run.
 *
 * - The browser tests drive Debian's Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium).
 * - The spreadsheet tests (stack and browser projects) have their .xlsx fixtures written, and the
 *   exported workbooks read back, by a real spreadsheet program: LibreOffice Calc, headless
 *   (`LIBREOFFICE_PATH`, default /usr/bin/soffice; Debian's `libreoffice-calc-nogui`).
 * - The printed report's PDF is read with poppler-utils (`pdftotext`, `pdftoppm`; Debian's
 *   `poppler-utils`).
 * - The shared engines of the scale-out tests run as real servers (engines.ts): `redis-server`
 *   (Debian's `redis-server`) and PostgreSQL 15's `initdb` and `postgres` (Debian's `postgresql-15`,
 *   in `/usr/lib/postgresql/15/bin`, `PG_BIN`).
 *
 * On a fresh machine of this kind they are not there: as root, with apt-get, the missing ones are
 * installed from Debian's packages in one `apt-get update && apt-get install` (saying so);
 * otherwise the run stops at once with the command to run, rather than failing test after test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const LIBREOFFICE = process.env['LIBREOFFICE_PATH'] ?? '/usr/bin/soffice';
/** poppler-utils: the printed report's text and pages. */
export const PDFTOTEXT = process.env['PDFTOTEXT_PATH'] ?? '/usr/bin/pdftotext';
export const PDFTOPPM = process.env['PDFTOPPM_PATH'] ?? '/usr/bin/pdftoppm';
/** The shared engines of the scale-out tests (see engines.ts). */
export const REDIS_SERVER = process.env['REDIS_SERVER_PATH'] ?? '/usr/bin/redis-server';
export const PG_BIN = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

interface SystemPackage {
  /** What it is, for the messages. */
  what: string;
  /** The executable the tests run. */
  path: string;
  /** The environment variable that moves it. */
  variable: string;
  /** Debian's package. */
  debian: string;
}

const PACKAGES = {
  chromium: { what: "Debian's Chromium", path: CHROMIUM, variable: 'CHROMIUM_PATH', debian: 'chromium' },
  libreoffice: { what: 'LibreOffice Calc (headless)', path: LIBREOFFICE, variable: 'LIBREOFFICE_PATH', debian: 'libreoffice-calc-nogui' },
  pdftotext: { what: 'pdftotext (poppler-utils)', path: PDFTOTEXT, variable: 'PDFTOTEXT_PATH', debian: 'poppler-utils' },
  pdftoppm: { what: 'pdftoppm (poppler-utils)', path: PDFTOPPM, variable: 'PDFTOPPM_PATH', debian: 'poppler-utils' },
  redis: { what: 'redis-server', path: REDIS_SERVER, variable: 'REDIS_SERVER_PATH', debian: 'redis-server' },
  // initdb and postgres (not on PATH; the client package alone puts psql in the same folder).
  initdb: { what: "PostgreSQL 15's initdb", path: `${PG_BIN}/initdb`, variable: 'PG_BIN', debian: 'postgresql-15' },
  postgres: { what: 'PostgreSQL 15 server', path: `${PG_BIN}/postgres`, variable: 'PG_BIN', debian: 'postgresql-15' },
} satisfies Record<string, SystemPackage>;

type PackageName = keyof typeof PACKAGES;

/** What each test project needs (the unit project needs nothing outside npm). */
const ENGINES: readonly PackageName[] = ['redis', 'initdb', 'postgres'];
const NEEDED: Readonly<Record<string, readonly PackageName[]>> = {
  unit: ENGINES,
  stack: ['libreoffice', ...ENGINES],
  browser: ['chromium', 'libreoffice', 'pdftotext', 'pdftoppm'],
  system: ENGINES,
};

function log(message: string): void {
  process.stderr.write(`[test set-up] ${message}\n`);
}

function canInstall(): boolean {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

function apt(args: string[]): void {
  execFileSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Find these packages' executables, or install the missing ones from Debian's packages. */
export function ensurePackages(names: readonly PackageName[]): void {
  const missing = names.map((n) => PACKAGES[n]).filter((p) => !existsSync(p.path));
  if (!missing.length) return;
  for (const p of missing) {
    if (process.env[p.variable]) throw new Error(`${p.variable} points at ${p.path}, which does not exist.`);
  }
  const debs = [...new Set(missing.map((p) => p.debian))];
  if (!canInstall()) {
    throw new Error(
      `The tests need ${missing.map((p) => `${p.what} at ${p.path}`).join(' and ')}. Install ${missing.length > 1 ? 'them' : 'it'} (as root: apt-get update && apt-get install -y --no-install-recommends ${debs.join(' ')}), or set ${missing.map((p) => p.variable).join(' / ')}.`,
    );
  }
  log(
    `${missing.map((p) => `${p.what} is not at ${p.path}`).join('; ')}: installing Debian's ${debs.join(' and ')} package${debs.length > 1 ? 's' : ''} (apt-get update, apt-get install --no-install-recommends ${debs.join(' ')}); this happens once per machine.`,
  );
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', ...debs]);
  const still = missing.filter((p) => !existsSync(p.path));
  if (still.length)
    throw new Error(
      `apt-get installed ${debs.join(' ')}, but ${still.map((p) => p.path).join(' and ')} ${still.length > 1 ? 'are' : 'is'} still missing.`,
    );
  log(`${missing.map((p) => p.what).join(' and ')} installed.`);
}

/** Find Chromium, or install Debian's `chromium` package. */
export function ensureChromium(): void {
  ensurePackages(['chromium']);
}

/** Find LibreOffice, or install Debian's `libreoffice-calc-nogui` package. */
export function ensureLibreOffice(): void {
  ensurePackages(['libreoffice']);
}

/**
 * Once per project of the run; the first call installs what every project of this run needs (those a
 * `--project` filter left out excepted), so that a fresh machine sees one `apt-get` run, not one per project.
 */
export default function setup(project: TestProject): void {
  const running = project.vitest.projects.map((p) => p.name);
  const needed = new Set(running.flatMap((name) => NEEDED[name] ?? (Object.keys(PACKAGES) as PackageName[])));
  ensurePackages([...needed]);
}
