/**
 * The console: the pages people use (service-hall check, bidder files, printable credit report,
 * API explorer), served by the gateway through `createConsoleHandler`.
 *
 *   const consoleHandler = createConsoleHandler({ config: DEVELOPMENT_CONSOLE_CONFIG });
 *   http.createServer((req, res) => { if (consoleHandler(req, res)) return; … });
 */
export {
  createConsoleHandler,
  CONSOLE_CSP,
  explorerCsp,
  CONSOLE_PAGES,
  VENDOR_FILES,
  type ConsoleHandler,
  type ConsoleHandlerOptions,
} from './handler.js';
export {
  DEVELOPMENT_CONSOLE_CONFIG,
  DEVELOPMENT_EXAMPLES,
  DEFAULT_CONSOLE_PURPOSES,
  publicConsoleConfig,
  consoleConfigFor,
  type ConsoleConfig,
  type ConsoleCallerHint,
  type ConsoleExample,
  type ConsolePurpose,
} from './config.js';
