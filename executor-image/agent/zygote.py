"""The zygote: one long-lived, preloaded Python that forks one isolated child per job.

Run as ``/usr/bin/python3 -s /opt/agent/zygote.py`` inside a bubblewrap sandbox (no network, no secrets in its
environment, the worker's only channel a unix socket directory it binds), started by the worker.  It imports the
data stack once (AGENT_PRELOAD, comma separated; a module that fails to import is reported, not fatal), never runs
user code, and stays single-threaded (the BLAS and OpenMP thread pools are limited to one thread before the imports,
so that forking is safe).  It then listens on AGENT_SOCKET and writes one line on stdout:
``{"ready": true, "v": 1, "zygote": 1, "preloaded": [...], "failed": {module: error}, "threads": n}``.

Each connection is one job.  The zygote forks a child that
  1. enters fresh namespaces (user, mount, PID, IPC, UTS, and network unless AGENT_NETWORK is "egress"), mapping
     only its own uid and gid;
  2. mounts one size-bounded tmpfs (AGENT_SANDBOX_BYTES) that backs ``/workspace``, ``/tmp`` and ``/dev/shm``, hides
     the socket directory under an empty read-only tmpfs, and brings its own loopback up;
  3. forks the job's PID 1, and exits (the zygote reaps it; SIGCHLD is ignored).
The job's PID 1 mounts the ``/proc`` of its PID namespace and a ``devpts`` of its own, pre-forks the process that
will run the program, says ready on the connection and then speaks the agent protocol there (agent.py): the program
runs when the request comes, and the PID namespace, everything in it, ends when the reply is sent.  If the host
closes the connection while the program runs (it killed the job), PID 1 exits at once.

The program's process, forked from PID 1 before the job arrives, receives ``marshal((argv, env, rlimits))`` on a pipe
(as launcher.py does), applies the limits, drops every capability (it has them only over its own namespaces),
installs the seccomp filter (seccomp.py) and runs the program in-process as ``__main__`` (inprocess.py).
"""
import ctypes
import fcntl
import gc
import json
import marshal
import os
import resource
import signal
import socket
import struct
import sys
import traceback

import agent
import inprocess
import seccomp

AGENT_DIR = os.path.dirname(os.path.abspath(__file__))
SOCKET = os.environ.get("AGENT_SOCKET", "/run/zygote/zygote.sock")
SANDBOX_FS = os.environ.get("AGENT_SANDBOX_FS", "/run/sandbox")
SANDBOX_BYTES = int(os.environ.get("AGENT_SANDBOX_BYTES", str(1 << 30)))
PRELOAD = [name.strip() for name in os.environ.get("AGENT_PRELOAD", "").split(",") if name.strip()]
EGRESS = os.environ.get("AGENT_NETWORK", "none") == "egress"
# Only while preloading: thread pools of one thread (forking must find the zygote single-threaded), and a writable
# cache directory for fontconfig (the zygote's root and workspace are read-only).
PRELOAD_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "NUMEXPR_NUM_THREADS": "1", "GOTO_NUM_THREADS": "1", "XDG_CACHE_HOME": "/tmp/.cache"}
JOB_ENV = {"MPLBACKEND": "module://ci_mpl_backend", "MPLCONFIGDIR": "/tmp/matplotlib", "HOME": "/workspace"}

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 0x20, 0x1000, 0x4000, 0x40000
PR_CAPBSET_DROP, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 24, 47, 4
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP, IFF_RUNNING = 0x8913, 0x8914, 0x1, 0x40
LINUX_CAPABILITY_VERSION_3 = 0x20080522

libc = ctypes.CDLL(None, use_errno=True)
INSTALLATION_PATH = [p for p in sys.path if p and os.path.abspath(p) != AGENT_DIR]


def checked(result, what):
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def mount(source, target, fstype, flags, data=None):
    checked(libc.mount(source.encode(), target.encode(), fstype.encode() if fstype else None, flags,
                       data.encode() if data else None), f"mount {target}")


def preload(names):
    """Imports the data stack once, with its thread pools limited to one thread (forking must find one thread)."""
    os.environ.update(PRELOAD_ENV)
    os.environ.update(JOB_ENV)
    import importlib
    loaded, failed = [], {}
    for name in names:
        try:
            importlib.import_module(name)
            loaded.append(name)
        except Exception as e:  # noqa: BLE001  a module that is not installed is reported, the others still load
            failed[name] = f"{type(e).__name__}: {e}"
    for name in PRELOAD_ENV:
        del os.environ[name]
    return loaded, failed


def enter_namespaces():
    """The child's own namespaces, with the zygote's uid and gid (the sandbox user) mapped to themselves."""
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS
    checked(libc.unshare(flags if EGRESS else flags | CLONE_NEWNET), "unshare")
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as f:
            f.write(text)
    checked(libc.sethostname(b"sandbox", 7), "sethostname")


def mount_filesystems():
    """One size-bounded tmpfs behind /workspace, /tmp and /dev/shm; the socket directory hidden; the root read-only."""
    mount("none", "/", None, MS_REC | MS_PRIVATE)
    mount("sandbox", SANDBOX_FS, "tmpfs", MS_NOSUID | MS_NODEV, f"size={SANDBOX_BYTES},mode=0755")
    for name, mode, target in (("workspace", 0o755, "/workspace"), ("tmp", 0o1777, "/tmp"),
                               ("shm", 0o1777, "/dev/shm")):
        path = os.path.join(SANDBOX_FS, name)
        os.mkdir(path)
        os.chmod(path, mode)
        mount(path, target, None, MS_BIND)
    for hidden in (SANDBOX_FS, os.path.dirname(SOCKET)):
        mount("hidden", hidden, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=0555")
        mount("none", hidden, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)


def loopback_up():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        flags = struct.unpack("16sh", fcntl.ioctl(s, SIOCGIFFLAGS, struct.pack("16sh", b"lo", 0)))[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sh", b"lo", flags | IFF_UP | IFF_RUNNING))


def drop_capabilities():
    """The job's process holds every capability over its own namespaces until here: none survives."""
    with open("/proc/sys/kernel/cap_last_cap") as f:
        last = int(f.read())
    for cap in range(last + 1):
        checked(libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0), "drop the bounding set")
    checked(libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "clear the ambient set")
    header = struct.pack("Ii", LINUX_CAPABILITY_VERSION_3, 0)
    checked(libc.capset(ctypes.c_char_p(header), ctypes.create_string_buffer(24)), "capset")


class ForkedProgram:
    """The process that will run the program, forked ahead; the part of subprocess.Popen that agent.run uses."""

    def __init__(self):
        job_r, job_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            try:
                os.dup2(out_w, 1)
                os.dup2(err_w, 2)
                os.dup2(job_r, 0)
                os.closerange(3, 1 << 16)  # the agent's connection and pipes among them
                run_program(read_to_end(0))
            except BaseException:  # noqa: BLE001
                traceback.print_exc()
            os._exit(1)
        for fd in (job_r, out_w, err_w):
            os.close(fd)
        self.stdin = open(job_w, "wb", buffering=0)
        self.stdout = open(out_r, "rb", buffering=0)
        self.stderr = open(err_r, "rb", buffering=0)
        self.returncode = None

    def poll(self):
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self):
        if self.returncode is None:
            self.returncode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        return self.returncode


def read_to_end(fd):
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def run_program(job):
    """In the program's process: the job as launcher.py receives it, run in-process once the process is locked down."""
    if not job:
        os._exit(0)  # the agent gave up (a bad request): nothing to run
    argv, env, limits = marshal.loads(job)
    os.setsid()
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    for res, soft, hard in limits:
        resource.setrlimit(res, (soft, hard))
    os.chdir("/workspace")
    try:
        drop_capabilities()
        seccomp.install()
    except Exception as e:  # noqa: BLE001  never run user code with privileges or unfiltered
        os.write(2, f"sandbox: cannot lock the program's process down ({e}); the program was not run\n".encode())
        os._exit(126)
    inprocess.start(argv[1], env, INSTALLATION_PATH)


def job_init(conn):
    """PID 1 of the job's namespaces: /proc and devpts of its own, then one job over `conn`, then the end of all."""
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    try:
        mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620")
    except OSError:
        pass  # no pseudo-terminals then
    agent.harden()
    seed, mpl_dir = os.path.join(AGENT_DIR, "mplconfig"), JOB_ENV["MPLCONFIGDIR"]
    if os.path.isdir(seed):
        import shutil
        shutil.copytree(seed, mpl_dir)
    wake_r = agent.wakeup_pipe()
    program = ForkedProgram()
    agent.OUT = agent.HANGUP = conn.fileno()
    status = 3
    try:
        agent.write_all(b'{"ready": true, "v": 1}\n')
        status = agent.serve(conn.makefile("rb"), program, wake_r)
        conn.shutdown(socket.SHUT_RDWR)
    except (agent.HostGone, OSError):
        pass
    os._exit(status)


def start_job(conn):
    """In the zygote's child: new namespaces and filesystems, then the job's PID 1; this process then exits."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    enter_namespaces()
    mount_filesystems()
    if not EGRESS:
        loopback_up()
    if os.fork() == 0:
        try:
            job_init(conn)
        except BaseException:  # noqa: BLE001
            traceback.print_exc()
        os._exit(3)
    os._exit(0)


def serve(listener):
    while True:
        try:
            conn, _ = listener.accept()
        except InterruptedError:
            continue
        try:
            pid = os.fork()
        except OSError as e:  # e.g. a job forking until its cap holds the processes of this uid: refuse this one
            print(f"zygote: cannot fork: {e}", file=sys.stderr, flush=True)
            conn.close()
            continue
        if pid == 0:
            try:
                listener.close()
                start_job(conn)
            except BaseException:  # noqa: BLE001  the host sees the connection end without a ready line
                traceback.print_exc()
            os._exit(1)
        conn.close()


def main():
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children and orphaned job PID 1s are reaped by the kernel
    loaded, failed = preload(PRELOAD)
    seccomp.prepare()
    gc.collect()
    gc.freeze()  # what is preloaded is never collected again, so children do not copy its pages to scan them
    threads = len(os.listdir("/proc/self/task"))
    try:
        os.unlink(SOCKET)
    except FileNotFoundError:
        pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(SOCKET)
    os.chmod(SOCKET, 0o600)
    listener.listen(128)
    ready = {"ready": True, "v": 1, "zygote": 1, "preloaded": loaded, "failed": failed, "threads": threads}
    os.write(1, json.dumps(ready).encode() + b"\n")
    serve(listener)


if __name__ == "__main__":
    main()
