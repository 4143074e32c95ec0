"""Pre-started by agent.py (``python3 -I -S launcher.py``, cwd = workspace, new session).

Signals readiness with one byte on stdout, then blocks until the agent sends the job as
``marshal((argv, env, [(rlimit, soft, hard), ...]))`` on stdin followed by EOF.  It applies the
limits to itself, points stdin at /dev/null and exec()s the user code, which thus inherits
the limits, the session and the stdout/stderr pipes without the agent ever forking.
Everything is imported before the ready byte: only the exec is on the job's hot path.
"""
import marshal
import os
import resource
import signal
import sys

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
os.execve(argv[0], argv, env)
