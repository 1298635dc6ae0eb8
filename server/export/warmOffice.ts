/**
 * A warm LibreOffice for PDF: one long-lived office per LibreOffice profile (one per slot of the
 * PDF queue), which converts on request. Starting LibreOffice for each conversion cost 1–10 s on a
 * loaded server; a warm one converts a ten-page document in a few hundred milliseconds.
 *
 * Why a Python bridge: LibreOffice is driven over its UNO remote protocol, and the one client of
 * that protocol Debian ships with LibreOffice is Python's (`python3-uno`, which
 * `libreoffice-writer-nogui` recommends and so installs by default). The bridge is a small script
 * embedded here and run with the system Python: it starts `soffice --accept=pipe,…` in its own
 * process group, connects, converts each request (load hidden, store with the tagged PDF/UA
 * filter, close) and answers one JSON line per request. Without Python or its `uno` module the
 * office reports itself unavailable and the caller falls back to a LibreOffice per conversion.
 *
 * Lifetime: started at the first conversion, stopped after `idleMs` without one (it holds a few
 * hundred MB), restarted when it dies (at once if it was in use, otherwise at the next request).
 * A conversion that overruns its time kills the whole process group, so a hung office never
 * stays. If the server itself dies, the bridge sees its standard input close (or its parent
 * change) and kills the group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

/** The office cannot be used at all (no Python, no `uno`, LibreOffice missing or not starting): convert another way. */
export class WarmOfficeUnavailableError extends Error {}

/** The office did not convert this document (its error, a timeout, or its death while converting). */
export class WarmConversionError extends Error {}

/** The office exited on its own while a conversion waited for it. */
class OfficeDiedError extends WarmConversionError {}

const BRIDGE_SOURCE = String.raw`
import json, os, signal, subprocess, sys, threading, time
def say(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()
try:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException
except Exception as error:
    say({"event": "unavailable", "reason": "python has no uno module: %s" % error})
    sys.exit(3)
command, profile_url, pipe_name, start_timeout = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
def die(*_):
    try:
        os.killpg(0, signal.SIGKILL)
    finally:
        os._exit(1)
parent = os.getppid()
def watch_parent():
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            die()
threading.Thread(target=watch_parent, daemon=True).start()
try:
    office = subprocess.Popen([command, "-env:UserInstallation=" + profile_url, "--headless", "--invisible", "--norestore",
        "--nolockcheck", "--nologo", "--nodefault", "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe_name],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
except OSError as error:
    say({"event": "unavailable", "reason": "cannot start %s: %s" % (command, error.strerror)})
    sys.exit(4)
def watch_office():
    code = office.wait()
    say({"event": "exited", "code": code})
    die()
threading.Thread(target=watch_office, daemon=True).start()
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
deadline = time.time() + start_timeout
while True:
    try:
        context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe_name)
        break
    except NoConnectException:
        if time.time() > deadline:
            say({"event": "unavailable", "reason": "LibreOffice did not start in time"})
            die()
        time.sleep(0.05)
desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
def prop(name, value):
    result = PropertyValue()
    result.Name = name
    result.Value = value
    return result
pdf_filter = (prop("FilterName", "writer_pdf_Export"), prop("FilterData", uno.Any("[]com.sun.star.beans.PropertyValue",
    (prop("UseTaggedPDF", True), prop("PDFUACompliance", True))))) 
def convert(source_url, target_url):
    document = desktop.loadComponentFromURL(source_url, "_blank", 0, (prop("Hidden", True), prop("ReadOnly", True)))
    if document is None:
        raise Exception("LibreOffice could not read the document")
    try:
        uno.invoke(document, "storeToURL", (target_url, pdf_filter))
    finally:
        document.close(True)
warm_up = sys.argv[5] if len(sys.argv) > 5 else ""
if warm_up:
    try:
        convert("private:factory/swriter", uno.systemPathToFileUrl(warm_up))
    except Exception:
        pass
say({"event": "ready"})
for line in sys.stdin:
    request = json.loads(line)
    try:
        convert(uno.systemPathToFileUrl(request["input"]), uno.systemPathToFileUrl(request["output"]))
        say({"id": request["id"], "ok": True})
    except Exception as error:
        # A disposed bridge means the office is gone (it crashed, or another LibreOffice told it to quit).
        dead = "Disposed" in type(error).__name__ or "disposed" in str(error)
        say({"id": request["id"], "error": str(error)[:500], "dead": dead})
        if dead:
            die()
die()
`;

export interface WarmOfficeOptions {
  /** The LibreOffice executable. */
  command: string;
  /** The office's user profile directory (no other running LibreOffice may use it). */
  profileDir: string;
  /** The Python with Debian's `uno` module (YTTRA_PYTHON); /usr/bin/python3 by default. */
  python?: string;
  /** How long LibreOffice may take to start and accept connections. */
  startTimeoutMs?: number;
  /** Stop the office after this long without a conversion. */
  idleMs?: number;
}

interface Bridge {
  child: ChildProcess;
  ready: Promise<void>;
  /** The conversion waiting for its answer, if any. */
  pending?: { id: number; resolve: () => void; reject: (error: Error) => void };
  stopping: boolean;
}

/** How long an unavailable office is not tried again (Python or LibreOffice missing does not fix itself quickly). */
const UNAVAILABLE_RETRY_MS = 60_000;

export class WarmOffice {
  private bridge: Bridge | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private unavailableUntil = 0;
  private unavailableReason = '';
  private nextId = 1;
  private lastUsed = 0;
  /** Starts of the office, for tests and metrics. */
  starts = 0;

  constructor(private readonly options: WarmOfficeOptions) {}

  /**
   * Converts the DOCX at `input` into a tagged PDF at `output`. An office that died just before
   * (or while) it got the request is started again and asked once more.
   */
  async convert(input: string, output: string, timeoutMs: number): Promise<void> {
    try {
      await this.convertOnce(input, output, timeoutMs);
    } catch (error) {
      if (!(error instanceof OfficeDiedError)) throw error;
      await this.convertOnce(input, output, timeoutMs);
    }
  }

  private async convertOnce(input: string, output: string, timeoutMs: number): Promise<void> {
    if (Date.now() < this.unavailableUntil) throw new WarmOfficeUnavailableError(this.unavailableReason);
    this.lastUsed = Date.now();
    this.clearIdle();
    const bridge = this.bridge ?? this.start(Math.max(timeoutMs, this.options.startTimeoutMs ?? 60_000));
    try {
      await bridge.ready;
      if (bridge.pending) throw new WarmConversionError('the office is busy');
      await new Promise<void>((resolve, reject) => {
        const id = this.nextId++;
        const timer = setTimeout(() => {
          this.kill(bridge);
          reject(new WarmConversionError(`no answer in ${timeoutMs} ms`));
        }, timeoutMs);
        bridge.pending = {
          id,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        this.reference(bridge, true);
        bridge.child.stdin!.write(`${JSON.stringify({ id, input, output })}\n`);
      });
    } finally {
      if (this.bridge === bridge) bridge.pending = undefined;
      if (this.bridge === bridge) this.reference(bridge, false);
      this.lastUsed = Date.now();
      this.armIdle();
    }
  }

  /** Whether an office process is running (or starting) now. */
  get running(): boolean {
    return this.bridge !== undefined;
  }

  /** Stops the office, if it runs; the next conversion starts it again. */
  stop(): void {
    this.clearIdle();
    if (this.bridge) this.kill(this.bridge);
  }

  private start(startTimeoutMs: number): Bridge {
    this.starts++;
    const pipeName = `yttra-office-${process.pid}-${randomBytes(6).toString('hex')}`;
    const python = this.options.python ?? '/usr/bin/python3';
    // A process group of its own, so that one kill reaches the bridge, the soffice wrapper and soffice.bin.
    const child = spawn(
      python,
      [
        '-c',
        BRIDGE_SOURCE,
        this.options.command,
        pathToFileURL(this.options.profileDir).href,
        pipeName,
        String(startTimeoutMs / 1000),
        `${this.options.profileDir}-warm-up.pdf`,
      ],
      { detached: true, stdio: ['pipe', 'pipe', 'ignore'] },
    );
    let markReady!: () => void;
    let markFailed!: (error: Error) => void;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    // Awaited by each conversion; a failure nobody awaits is not an unhandled rejection.
    ready.catch(() => undefined);
    const bridge: Bridge = { child, ready, stopping: false };
    this.bridge = bridge;
    const unavailable = (reason: string): void => {
      this.unavailableUntil = Date.now() + UNAVAILABLE_RETRY_MS;
      this.unavailableReason = reason;
      markFailed(new WarmOfficeUnavailableError(reason));
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (this.bridge === bridge) this.bridge = undefined;
      unavailable(`cannot start ${python}: ${error.code ?? error.message}`);
    });
    child.stdin!.on('error', () => undefined);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let message: { event?: string; reason?: string; id?: number; ok?: boolean; error?: string; dead?: boolean };
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        return;
      }
      if (message.event === 'ready') markReady();
      else if (message.event === 'unavailable') unavailable(message.reason ?? 'unavailable');
      else if (message.id !== undefined && bridge.pending?.id === message.id) {
        if (message.ok) bridge.pending.resolve();
        else if (message.dead) {
          const pending = bridge.pending;
          this.kill(bridge);
          pending.reject(new OfficeDiedError(message.error ?? 'LibreOffice is gone'));
        } else bridge.pending.reject(new WarmConversionError(message.error ?? 'conversion failed'));
      }
    });
    child.on('exit', () => {
      if (this.bridge === bridge) this.bridge = undefined;
      markFailed(new WarmOfficeUnavailableError('LibreOffice exited while starting'));
      if (!bridge.stopping) bridge.pending?.reject(new OfficeDiedError('LibreOffice exited while converting'));
      // Died on its own while in use: start a new one now, so the next request finds it warm.
      if (
        !bridge.stopping &&
        Date.now() - this.lastUsed < (this.options.idleMs ?? DEFAULT_IDLE_MS) &&
        Date.now() >= this.unavailableUntil
      ) {
        const restart = this.start(this.options.startTimeoutMs ?? 60_000);
        this.reference(restart, false);
        this.armIdle();
      }
    });
    this.reference(bridge, true);
    ready.then(
      () => {
        if (!bridge.pending) this.reference(bridge, false);
      },
      () => undefined,
    );
    return bridge;
  }

  /** A bridge keeps the server's event loop alive only while a conversion waits for it. */
  private reference(bridge: Bridge, on: boolean): void {
    const handles = [bridge.child, bridge.child.stdin, bridge.child.stdout] as Array<{ ref(): void; unref(): void } | null>;
    for (const handle of handles) {
      if (!handle) continue;
      if (on) handle.ref();
      else handle.unref();
    }
  }

  private kill(bridge: Bridge): void {
    bridge.stopping = true;
    if (this.bridge === bridge) this.bridge = undefined;
    try {
      process.kill(-bridge.child.pid!, 'SIGKILL');
    } catch {
      bridge.child.kill('SIGKILL');
    }
  }

  private armIdle(): void {
    this.clearIdle();
    if (!this.bridge) return;
    this.idleTimer = setTimeout(() => this.stop(), this.options.idleMs ?? DEFAULT_IDLE_MS);
    this.idleTimer.unref();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}

/** Ten minutes: a burst of exports around a meeting stays warm, an idle server gives the memory back. */
const DEFAULT_IDLE_MS = 10 * 60_000;

const offices = new Map<string, WarmOffice>();

/** The warm office for this command and profile, made on first use (with these settings). */
export function warmOfficeFor(
  command: string,
  profileDir: string,
  settings: Pick<WarmOfficeOptions, 'python' | 'idleMs'> = {},
): WarmOffice {
  const key = `${command}\u0000${profileDir}`;
  let office = offices.get(key);
  if (!office) {
    office = new WarmOffice({ command, profileDir, ...settings });
    offices.set(key, office);
  }
  return office;
}

/** Stops the warm offices whose profile lies under `directory` (a PDF queue closing). */
export function stopWarmOffices(directory: string): void {
  for (const [key, office] of offices) {
    if (key.split('\u0000')[1]!.startsWith(directory)) {
      office.stop();
      offices.delete(key);
    }
  }
}
