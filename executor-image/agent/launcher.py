"""Pre-started by agent.py (``python3 -I -S launcher.py``, cwd = workspace, new session).

Signals readiness with one byte on stdout, then blocks until the agent sends the job as
``marshal((argv, env, [(rlimit, soft, hard), ...]))`` on stdin followed by EOF.  It applies the
limits to itself, points stdin at /dev/null, installs the seccomp filter (seccomp.py) and exec()s
the user code, which thus inherits the limits, the filter, the session and the stdout/stderr pipes
without the agent ever forking.  If the filter cannot be installed, the program does not run: a
message on stderr and exit status 126.
Everything is imported and the filter built before the ready byte: only the filter's two system
calls and the exec are on the job's hot path.

With AGENT_PRELOAD (comma-separated modules, set by the agent for executor pods, whose one job pays for
the launcher's start before the pod is ready), the launcher imports the data stack before the ready byte
and runs the program in-process (inprocess.py) instead of exec()ing a new interpreter, so the program's
imports of it are free.  A module that fails to import is skipped silently: the program's own import
reports it.
"""
import marshal
import os
import resource
import signal
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))  # -I leaves the script's directory out
import seccomp  # noqa: E402

try:
    seccomp.prepare()
except Exception:  # noqa: BLE001  install() below fails the same way, and says why where the user sees it
    pass
PRELOAD = [name.strip() for name in os.environ.get("AGENT_PRELOAD", "").split(",") if name.strip()]
if PRELOAD:
    import importlib
    import site
    site.main()  # -S left the installation's site-packages out: the data stack lives there
    import inprocess  # noqa: E402
    import sitecustomize  # noqa: E402,F401  what a fresh interpreter would import at start (PIL's show hook)
    AGENT_DIR = os.path.dirname(os.path.abspath(__file__))
    INSTALLATION_PATH = [p for p in sys.path if p and os.path.abspath(p) != AGENT_DIR]
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001
            pass
os.write(1, b"R")
job = sys.stdin.buffer.read()
if not job:  # the agent gave up (bad request): nothing to run
    sys.exit(0)
argv, env, limits = marshal.loads(job)
for res, soft, hard in limits:
    resource.setrlimit(res, (soft, hard))
signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # Python ignores these two; the user's
signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # children must not inherit that (as subprocess)
os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
try:
    with open("/proc/self/oom_score_adj", "w") as f:
        f.write("1000")  # a sandbox out of memory (its cgroup's cap) loses the program's processes before its agent
except OSError:
    pass
try:
    seccomp.install()
except Exception as e:  # noqa: BLE001  never run user code unfiltered
    os.write(2, f"sandbox: cannot install the seccomp filter ({e}); the program was not run\n".encode())
    os._exit(126)
if PRELOAD:
    inprocess.start(argv[1], env, INSTALLATION_PATH)
os.execve(argv[0], argv, env)
