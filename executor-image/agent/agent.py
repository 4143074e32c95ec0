"""In-sandbox agent: runs exactly one Python job, over a binary-safe protocol on stdin/stdout or TCP.

Run as ``/usr/bin/python3 -I -S agent.py`` (standard library only), usually as PID 1 of its own
PID namespace.  Read at start: AGENT_WORKSPACE (/workspace), AGENT_TMP (/tmp), AGENT_PYTHON
(/usr/bin/python3), AGENT_PRELOAD (modules the launcher imports ahead, then running the program
in-process: see launcher.py).  The agent's stderr carries its own diagnostics only.

Protocol v1 (JSON header lines end with "\n"; file bytes follow their header raw):
  agent -> host  {"ready": true, "v": 1}                  once a job can start at once
  host -> agent  {"v": 1, "source_code": str, "env": {str: str}, "timeout_ms": int,
                  "max_output_bytes": int, "collect_files": bool (default true: false = report none),
                  "stream_output": bool (default false: true = live chunks, see below),
                  "files": [{"path": "/workspace/a.csv", "size": int}],
                  "limits": {"cpu_seconds"|"memory_bytes"|"max_processes"|"open_files"|
                             "file_size_bytes": int|null},
                  "package_paths": [str] (optional: directories of installed packages, put on the program's
                                   sys.path after the installation's own, so preinstalled modules win),
                  "notices": [str] (optional: lines written to the program's stderr before it starts)}
                 + the files' bytes, in order
  agent -> host  {"v": 1, "stdout": str, "stderr": str, "exit_code": int, "timed_out": bool,
                  "duration_ms": int, "files": [{"path": str, "size": int, "sha256": hex}]}
                 + exactly `size` bytes of each listed file, in order; then exit status 0.
                 A bad request gets {"v": 1, "error": str} and exit status 2 instead.
                 With "stream_output", lines {"v": 1, "chunk": "stdout"|"stderr", "text": str} come first, while
                 the program runs: the kept output, held at most 50 ms (or up to 32 KiB), in the order the
                 agent read the two streams (writes a moment apart keep their order), adding up to
                 "stdout"/"stderr" before their notes.
TCP mode (executor pods): ``agent.py --listen HOST:PORT`` with AGENT_TOKEN in the environment (taken out of
it at once).  The launcher is started before the port opens, so an open port means a job can start at once
(a TCP readiness probe).  A connection must first send {"token": "<AGENT_TOKEN>"} within 5 s; any other
connection is closed and the agent keeps listening.  The right token closes the listening socket and the
protocol above runs over that connection ("ready" line first), once; then the agent exits.
Wire paths are "/workspace/<relative path>", mapped onto AGENT_WORKSPACE.  Reported files are
the regular files (symlinks and special files are neither followed nor reported) that are new
or whose SHA-256 differs from the input at that path, sorted by path.  exit_code is -N when
killed by signal N (stderr then ends with a note naming the limit it hit: SIGXCPU, or SIGKILL
past the CPU limit, or SIGXFSZ), -1 on timeout.  Output past max_output_bytes is counted, not kept.

Hot path: launcher.py is pre-started blocked on a pipe; it receives argv, environment and
rlimits, applies the limits and exec()s the user code, so the agent never forks per job.
When the main process exits, everything it started is killed (the agent is PID 1 or a child
subreaper, so orphans come back to it) and reaped.
"""
import codecs
import hashlib
import json
import marshal
import os
import resource
import select
import selectors
import signal
import stat
import subprocess
import sys
import time

AGENT_DIR = os.path.dirname(os.path.abspath(__file__))
WORKSPACE = os.environ.get("AGENT_WORKSPACE", "/workspace")
TMP = os.environ.get("AGENT_TMP", "/tmp")
PYTHON = os.environ.get("AGENT_PYTHON", "/usr/bin/python3")
PREFIX = "/workspace/"
CHUNK = 1 << 20
PACKAGE_PATH_ENV = "CODE_INTERPRETER_PACKAGE_PATH"  # read by sitecustomize.py and inprocess.py
DRAIN_GRACE_S = 0.5  # only matters if a writer escaped the kill and keeps a pipe open
KILL_WAIT_S = 5  # only matters for processes that cannot be killed (other uid, D state)
TOKEN_TIMEOUT_S = 5  # TCP mode: how long a connection may take to present the token
STREAM_INTERVAL_S = 0.05  # live output: how long kept output may wait before it is sent as a chunk
STREAM_BATCH = 32768  # live output: pending bytes sent at once, whatever the interval
READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# Memory is RLIMIT_DATA, not RLIMIT_AS: the address space also counts reservations that use no memory (glibc
# reserves 64 MiB per thread arena), so a 1 GiB RLIMIT_AS already stops a program at ~30 threads; RLIMIT_DATA
# counts private writable mappings (heap, anonymous mmap, stacks): numpy/pandas/matplotlib take ~220 MiB of it.
LIMITS = {"cpu_seconds": resource.RLIMIT_CPU, "memory_bytes": resource.RLIMIT_DATA,
          "max_processes": resource.RLIMIT_NPROC, "open_files": resource.RLIMIT_NOFILE,
          "file_size_bytes": resource.RLIMIT_FSIZE}


class ProtocolError(Exception):
    pass


def check(ok, message):
    if not ok:
        raise ProtocolError(message)


def is_int(value, minimum=0):
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def is_text(value):
    """A str without NUL that is valid as UTF-8 (no lone surrogates)."""
    try:
        return isinstance(value, str) and "\0" not in value and value.encode() is not None
    except UnicodeEncodeError:
        return False


OUT = 1  # where replies go: stdout, or the accepted connection in TCP mode
HANGUP = None  # a connection whose end (the host gave up) aborts a running job at once: the zygote's jobs


def write_all(data):
    view = memoryview(data)
    while view:
        view = view[os.write(OUT, view):]


def harden():
    """Best effort: orphans re-parent to the agent; user code can't open /proc/<agent>/fd/*."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
        libc.prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0
    except Exception as e:  # noqa: BLE001
        print(f"agent: prctl failed: {e}", file=sys.stderr)


def prepare_caches():
    """Byte-compile what every user process imports (compiling would cost ms per job) and
    install the pre-built matplotlib font cache if the image ships one."""
    import importlib.util
    import py_compile
    for name in ("sitecustomize.py", "ci_mpl_backend.py"):
        source = os.path.join(AGENT_DIR, name)
        if not os.path.exists(importlib.util.cache_from_source(source)):
            try:
                py_compile.compile(source, doraise=True)
            except (OSError, py_compile.PyCompileError) as e:
                print(f"agent: cannot pre-compile {name}: {e}", file=sys.stderr)
    seed, mpl_dir = os.path.join(AGENT_DIR, "mplconfig"), os.path.join(TMP, "matplotlib")
    if os.path.isdir(seed) and not os.path.exists(mpl_dir):
        import shutil
        shutil.copytree(seed, mpl_dir)


def wakeup_pipe():
    """A pipe that SIGCHLD wakes up: its read end is watched with the program's output."""
    wake_r, wake_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
    return wake_r


def start_launcher():
    """Start launcher.py and wait until it is ready; SIGCHLD will wake up the returned pipe."""
    wake_r = wakeup_pipe()
    preload = os.environ.get("AGENT_PRELOAD", "")
    # what the program's environment holds for the preloaded modules, and a cache directory for fontconfig outside
    # the workspace (whose new files are the job's output)
    env = {k: v for k, v in child_env({}).items() if k in ("MPLBACKEND", "MPLCONFIGDIR", "HOME", "LANG")}
    env.update(AGENT_PRELOAD=preload, XDG_CACHE_HOME=os.path.join(TMP, ".cache"))
    launcher = subprocess.Popen(
        [sys.executable or PYTHON, "-I", "-S", os.path.join(AGENT_DIR, "launcher.py")],
        cwd=WORKSPACE, env=env if preload else {}, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, start_new_session=True)
    if os.read(launcher.stdout.fileno(), 1) != b"R":
        raise RuntimeError("the launcher failed to start")
    return launcher, wake_r


def rel_path(path):
    check(is_text(path) and path.startswith(PREFIX), f"path must be under {PREFIX}: {path!r}")
    rel = path[len(PREFIX):]
    check(all(part not in ("", ".", "..") for part in rel.split("/")),
          f"path must not contain empty, '.' or '..' segments: {path!r}")
    return rel


def parse_header(line):
    try:
        req = json.loads(line)
    except ValueError as e:
        raise ProtocolError(f"invalid request header: {e}") from None
    check(isinstance(req, dict) and req.get("v") == 1, "unsupported or missing protocol version")
    check(isinstance(req.get("source_code"), str), "source_code must be a string")
    env = req["env"] = req.get("env") or {}
    check(isinstance(env, dict) and all(is_text(k) and k and "=" not in k and is_text(v)
                                        for k, v in env.items()), "env must map names to strings")
    check(is_int(req.get("timeout_ms"), 1), "timeout_ms must be a positive integer")
    check(is_int(req.get("max_output_bytes")), "max_output_bytes must be an integer >= 0")
    files = req["files"] = req.get("files") or []
    check(isinstance(files, list) and all(isinstance(f, dict) for f in files), "bad files list")
    for f in files:
        check(is_int(f.get("size")), f"bad size for file {f.get('path')!r}")
        f["rel"] = rel_path(f.get("path"))
    check(isinstance(req.get("stream_output", False), bool), "stream_output must be a boolean")
    paths = req["package_paths"] = req.get("package_paths") or []
    check(isinstance(paths, list) and all(is_text(p) and p.startswith("/") and ":" not in p for p in paths),
          "package_paths must be a list of absolute paths without ':'")
    notices = req["notices"] = req.get("notices") or []
    check(isinstance(notices, list) and all(is_text(n) for n in notices), "notices must be a list of strings")
    limits = req["limits"] = req.get("limits") or {}
    check(isinstance(limits, dict) and set(limits) <= set(LIMITS)
          and all(v is None or is_int(v) and v < 1 << 62 for v in limits.values()),
          f"bad limits: {limits!r}")
    return req


def create_file(root, rel):
    """Create root/rel exclusively; parent directories are created, symlinks never followed."""
    *dirs, name = rel.split("/")
    fd = os.dup(root)
    try:
        for part in dirs:
            try:
                os.mkdir(part, 0o755, dir_fd=fd)
            except FileExistsError:
                pass
            fd, parent = os.open(part, DIR_FLAGS, dir_fd=fd), fd
            os.close(parent)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        return os.open(name, flags, 0o644, dir_fd=fd)
    finally:
        os.close(fd)


def write_inputs(stream, files):
    """Write the input files following the header; returns {relative path: sha256}."""
    digests = {}
    root = os.open(WORKSPACE, DIR_FLAGS)
    try:
        for f in files:
            try:
                fd = create_file(root, f["rel"])
            except OSError as e:
                raise ProtocolError(f"cannot create input file {f['path']!r}: {e.strerror}")
            digest, remaining = hashlib.sha256(), f["size"]
            with open(fd, "wb") as out:
                while remaining:
                    chunk = stream.read(min(CHUNK, remaining))
                    check(chunk, f"unexpected end of input in file {f['path']!r}")
                    digest.update(chunk)
                    out.write(chunk)
                    remaining -= len(chunk)
            digests[f["rel"]] = digest.hexdigest()
    finally:
        os.close(root)
    return digests


def child_env(user_env, package_paths=()):
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": WORKSPACE, "LANG": "C.UTF-8",
           "MPLBACKEND": "module://ci_mpl_backend", "MPLCONFIGDIR": os.path.join(TMP, "matplotlib"),
           "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env.update(user_env)
    # The program file lives outside the workspace, so the workspace is put on the path explicitly: modules the
    # user wrote or uploaded there import as they would next to a script.
    env["PYTHONPATH"] = ":".join(filter(None, (AGENT_DIR, WORKSPACE, user_env.get("PYTHONPATH"))))
    # Installed packages come after the installation's own directories: sitecustomize.py (and inprocess.py, for a
    # forked program) append them, where PYTHONPATH would put them first.
    if package_paths:
        env[PACKAGE_PATH_ENV] = ":".join(package_paths)
    else:
        env.pop(PACKAGE_PATH_ENV, None)
    return env


def rlimits(limits):
    """(resource, soft, hard) triples, never above the current hard limit.  The CPU limit gets a hard
    limit one second above the soft one: SIGXCPU at the soft limit ends the program with a clear
    status, SIGKILL a second later ends one that catches or ignores it."""
    result = []
    for key, value in limits.items():
        if value is not None:
            hard_now = resource.getrlimit(LIMITS[key])[1]
            hard = value + 1 if key == "cpu_seconds" else value
            if hard_now != resource.RLIM_INFINITY:
                value, hard = min(value, hard_now), min(hard, hard_now)
            result.append((LIMITS[key], value, hard))
    return result


def signal_notes(code, limits, cpu_used):
    """What the user sees when the program was killed by signal -code."""
    name = {s.value: s.name for s in signal.Signals}.get(-code, "unknown signal")
    note = f"Process killed by signal {-code} ({name})"
    cpu, fsize = limits.get("cpu_seconds"), limits.get("file_size_bytes")
    if -code == signal.SIGXCPU or -code == signal.SIGKILL and cpu is not None and cpu_used >= cpu:
        note += f": CPU time limit exceeded ({cpu} s)"
    elif -code == signal.SIGXFSZ:
        note += f": file size limit exceeded ({fsize} bytes)"
    return [note]


class Capture:
    """Keeps the first `limit` bytes read from a pipe and counts the rest; with a `live` name, what it keeps is also
    sent as chunks when flushed."""

    def __init__(self, pipe, limit, live=None):
        self.fd, self.limit, self.data, self.dropped = pipe.fileno(), limit, bytearray(), 0
        self.live, self.pending = live, bytearray()
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace") if live else None

    def read(self):
        return self.keep(os.read(self.fd, 65536))

    def keep(self, chunk):
        room = max(self.limit - len(self.data), 0)
        self.data += chunk[:room]
        if self.live:
            self.pending += chunk[:room]
        self.dropped += max(len(chunk) - room, 0)
        return chunk

    def flush(self, final=False):
        """Send what was kept since the last flush as one chunk (the incremental decoder holds back a split
        character, so the chunks add up to exactly what text() decodes)."""
        if self.live and (self.pending or final):
            text = self.decoder.decode(bytes(self.pending), final)
            self.pending.clear()
            if text:
                reply({"v": 1, "chunk": self.live, "text": text})

    def text(self, *notes):
        text = self.data.decode("utf-8", "replace")
        if self.dropped:
            notes = (f"[output truncated: {self.dropped} bytes omitted]",) + notes
        for note in notes:
            text += ("\n" if text and not text.endswith("\n") else "") + note + "\n"
        return text


class LiveOutput:
    """Flushes the captures' kept output as chunks: output waits at most STREAM_INTERVAL_S, or less when it ends a
    line and nothing was sent for that long, or when STREAM_BATCH bytes are pending. Before one stream's output is
    read, the other's pending output is sent, so chunks keep the order in which the program wrote the streams."""

    def __init__(self, captures):
        self.captures, self.last, self.since = captures, time.monotonic(), None

    def wait(self, longest):
        """How long output may wait now before a flush is due (`longest` when nothing is pending)."""
        if self.since is None:
            return longest
        return min(longest, max(self.since + STREAM_INTERVAL_S - time.monotonic(), 0))

    def before_read(self, capture):
        for other in self.captures:
            if other is not capture and other.pending:
                self.flush()
        if self.since is None:
            self.since = time.monotonic()

    def flush_if_due(self):
        if self.since is None:
            return
        now = time.monotonic()
        pending = [c.pending for c in self.captures if c.pending]
        if (now - self.since >= STREAM_INTERVAL_S or any(len(p) >= STREAM_BATCH for p in pending)
                or now - self.last >= STREAM_INTERVAL_S and all(p.endswith(b"\n") for p in pending)):
            self.flush()

    def flush(self, final=False):
        for capture in self.captures:
            capture.flush(final)
        self.last, self.since = time.monotonic(), None


class HostGone(Exception):
    """The host closed the connection while the program ran: it killed the job."""


def pump(proc, sel, wake_r, deadline, live=None):
    """Read output until the main process exits (SIGCHLD wakes us up); True on timeout."""
    if HANGUP is not None:
        sel.register(HANGUP, selectors.EVENT_READ, HostGone)
    for fd in getattr(proc, "ended_fds", ()):  # a program that is not our child: its end is said there, no SIGCHLD
        sel.register(fd, selectors.EVENT_READ, proc)
    while proc.poll() is None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return True
        wait = min(remaining, 3600)
        for key, _ in sel.select(live.wait(wait) if live else wait):
            if key.data is None:
                clear_wakeups(wake_r)
            elif key.data is HostGone:
                raise HostGone()
            elif key.data is proc:
                pass  # proc.poll() reads the news
            else:
                if live:
                    live.before_read(key.data)
                if not key.data.read():
                    sel.unregister(key.fileobj)
        if live:
            live.flush_if_due()
    return False


def drain(sel, grace, live=None):
    """Every writer is dead (unless one escaped): read what is left in the pipes."""
    deadline = time.monotonic() + grace
    while sel.get_map() and time.monotonic() < deadline:
        for key, _ in sel.select(max(deadline - time.monotonic(), 0)):
            if live:
                live.before_read(key.data)
            if not key.data.read():
                sel.unregister(key.fileobj)
    sel.close()


def sigkill(pid, group=False):
    try:
        (os.killpg if group else os.kill)(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def reap():
    """Reap exited children; False once the agent has no child at all."""
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
        return True
    except ChildProcessError:
        return False


def descendants(root):
    children = {}
    for name in os.listdir("/proc"):
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(name))
        except (OSError, ValueError, IndexError):
            continue
    found, todo = [], [root]
    while todo:
        kids = children.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def clear_wakeups(wake_r):
    try:
        os.read(wake_r, 4096)  # level-triggered: if more is pending, we simply come back
    except BlockingIOError:
        pass


def kill_everything(proc, wake_r):
    """Kill the main process and everything it started, then reap them all; returns the CPU
    seconds the main process used."""
    pid1 = os.getpid() == 1
    sigkill(-1) if pid1 else sigkill(proc.pid, group=True)
    proc.wait()  # reap the main process before any waitpid(-1) can steal its status
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the main process and what it waited for
    cpu_used = getattr(proc, "cpu_seconds", None)  # a program that is not our child (the zygote's) reports it
    deadline = time.monotonic() + KILL_WAIT_S
    while reap() and time.monotonic() < deadline:
        victims = [-1] if pid1 else descendants(os.getpid())
        if not victims:
            break
        for pid in victims:
            sigkill(pid)
        select.select([wake_r], [], [], 0.05)  # the SIGCHLD of a killed child wakes us up
        clear_wakeups(wake_r)
    return usage.ru_utime + usage.ru_stime if cpu_used is None else cpu_used


def run(req, launcher, wake_r):
    main_py = os.path.join(TMP, "main.py")
    fd = os.open(main_py, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
    with open(fd, "wb") as f:
        f.write(req["source_code"].encode("utf-8", "surrogatepass"))
    job = marshal.dumps(([PYTHON, main_py], child_env(req["env"], req["package_paths"]), rlimits(req["limits"])))
    streamed = req.get("stream_output", False)
    out = Capture(launcher.stdout, req["max_output_bytes"], "stdout" if streamed else None)
    err = Capture(launcher.stderr, req["max_output_bytes"], "stderr" if streamed else None)
    for notice in req["notices"]:
        err.keep((notice + "\n").encode("utf-8", "replace"))
    live = LiveOutput((out, err)) if streamed else None
    sel = selectors.DefaultSelector()
    for key in (out, err):
        sel.register(key.fd, selectors.EVENT_READ, key)
    sel.register(wake_r, selectors.EVENT_READ, None)
    start = time.monotonic()
    try:
        launcher.stdin.write(job)
        launcher.stdin.close()
    except BrokenPipeError:
        pass
    timed_out = pump(launcher, sel, wake_r, start + req["timeout_ms"] / 1000, live)
    for fd in (HANGUP, *getattr(launcher, "ended_fds", ())):
        if fd is not None:
            sel.unregister(fd)
    duration_ms = round((time.monotonic() - start) * 1000)
    sel.unregister(wake_r)
    cpu_used = kill_everything(launcher, wake_r)
    drain(sel, DRAIN_GRACE_S, live)
    if live:
        live.flush(final=True)
    code, notes = launcher.returncode, []
    if timed_out:
        code, notes = -1, ["Execution timed out"]
    elif code < 0:
        notes = signal_notes(code, req["limits"], cpu_used)
    return {"v": 1, "stdout": out.text(), "stderr": err.text(*notes), "exit_code": code,
            "timed_out": timed_out, "duration_ms": duration_ms}


def workspace_files():
    """Relative paths of the regular files in the workspace, symlinks never followed."""
    found, todo = [], [""]
    while todo:
        rel_dir = todo.pop()
        try:
            with os.scandir(os.path.join(WORKSPACE, rel_dir)) as it:
                entries = list(it)
        except OSError:
            continue
        for entry in entries:
            rel = rel_dir + entry.name
            if not is_text(rel):
                print(f"agent: skipping non UTF-8 name {rel!r}", file=sys.stderr)
            elif entry.is_dir(follow_symlinks=False):
                todo.append(rel + "/")
            elif entry.is_file(follow_symlinks=False):
                found.append(rel)
    return found


def hash_file(rel):
    """(size, sha256) of a regular file, None if it is not one or cannot be read."""
    try:
        fd = os.open(os.path.join(WORKSPACE, rel), READ_FLAGS)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        digest, size = hashlib.sha256(), 0
        while chunk := os.read(fd, CHUNK):
            digest.update(chunk)
            size += len(chunk)
        return size, digest.hexdigest()
    finally:
        os.close(fd)


def changed_files(inputs):
    result = []
    for rel in workspace_files():
        info = hash_file(rel)
        if info and inputs.get(rel) != info[1]:
            result.append({"path": PREFIX + rel, "size": info[0], "sha256": info[1]})
    return sorted(result, key=lambda f: f["path"])


def send_file(rel, size):
    """Stream exactly `size` bytes (zero-padded if the file shrank, which cannot happen)."""
    fd = os.open(os.path.join(WORKSPACE, rel), READ_FLAGS)
    try:
        while size:
            chunk = os.read(fd, min(CHUNK, size)) or bytes(min(CHUNK, size))
            write_all(chunk)
            size -= len(chunk)
    finally:
        os.close(fd)


def reply(header):
    write_all(json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")


def accept_job(address, token):
    """TCP mode: listen on HOST:PORT until a connection presents the token; return its socket and reader.

    Anything else (a readiness probe, a wrong token, garbage, silence) only closes that connection."""
    import hmac
    import socket
    host, _, port = address.rpartition(":")
    host = host.strip("[]")
    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, int(port)))
    listener.listen(16)
    while True:
        conn, _ = listener.accept()
        reader = None
        try:
            conn.settimeout(TOKEN_TIMEOUT_S)
            reader = conn.makefile("rb")
            line = reader.readline(4096)
            given = json.loads(line).get("token") if line.endswith(b"\n") else None
            if isinstance(given, str) and hmac.compare_digest(given.encode(), token.encode()):
                listener.close()
                conn.settimeout(None)
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                return conn, reader
        except (OSError, ValueError, AttributeError):
            pass
        if reader is not None:
            reader.close()
        conn.close()


def serve(stream, launcher, wake_r):
    """Run the one job whose request arrives on `stream`; replies go to OUT."""
    try:
        line = stream.readline()
        check(line.endswith(b"\n"), "missing or incomplete request header")
        req = parse_header(line)
        inputs = write_inputs(stream, req["files"])
        result = run(req, launcher, wake_r)
    except (ProtocolError, OSError) as e:
        reply({"v": 1, "error": str(e)})
        return 2
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    result["files"] = changed_files(inputs) if req.get("collect_files", True) else []
    reply(result)
    for f in result["files"]:
        send_file(f["path"][len(PREFIX):], f["size"])
    return 0


def main(argv):
    global OUT
    listen = argv[2] if len(argv) == 3 and argv[1] == "--listen" else None
    if len(argv) != 1 and listen is None:
        print("usage: agent.py [--listen HOST:PORT]", file=sys.stderr)
        return 2
    token = os.environ.pop("AGENT_TOKEN", "")
    if listen is not None and not token:
        print("agent: --listen needs AGENT_TOKEN in the environment", file=sys.stderr)
        return 2
    # Start-up: its cost is hidden, the host pre-starts agents and waits for the ready line (or the open port).
    harden()
    os.makedirs(WORKSPACE, exist_ok=True)
    os.makedirs(TMP, exist_ok=True)
    prepare_caches()
    launcher, wake_r = start_launcher()
    if listen is None:
        write_all(b'{"ready": true, "v": 1}\n')
        return serve(sys.stdin.buffer, launcher, wake_r)
    conn, reader = accept_job(listen, token)
    OUT = conn.fileno()
    write_all(b'{"ready": true, "v": 1}\n')
    status = serve(reader, launcher, wake_r)
    try:
        conn.shutdown(2)  # socket.SHUT_RDWR: the host sees the end at once
    except OSError:
        pass
    return status


if __name__ == "__main__":
    status = main(sys.argv)
    sys.stderr.flush()
    os.sched_yield()  # the host, woken by our last write, may be queued on this CPU: let it run
    os._exit(status)  # and skip the interpreter teardown
