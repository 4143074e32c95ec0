"""The zygote: one long-lived, preloaded Python that forks one isolated child per job.

Run as ``/usr/bin/python3 -s /opt/agent/zygote.py`` as PID 1 of a bubblewrap sandbox (no network, no secrets in its
environment, the worker's only channel a unix socket directory it binds), started by the worker.  Two processes:

* the front (this small process, standard library only) enters a user namespace of its own, in which it and the
  template hold capabilities over nothing but the namespaces the jobs create; it listens on AGENT_SOCKET, where each
  connection is one job;
* the template, forked from the front at start, imports the data stack once (AGENT_PRELOAD, comma separated; a module
  that fails to import is reported, not fatal), with the BLAS and OpenMP thread pools limited to one thread so that it
  stays single-threaded and forking it is safe.  It never runs user code: it forks the jobs' programs.

When the template is ready the front writes one line on stdout:
``{"ready": true, "v": 1, "zygote": 1, "preloaded": [...], "failed": {module: error}, "threads": n}``.

For each connection the front forks a small child that
  1. connects to the template; with AGENT_CGROUPS (the cgroups the worker delegated, bound at /run/cgroup/<i>), makes
     the job's cgroup in each, writes its limits and moves itself in, so that all the job's processes count against
     them; then enters fresh namespaces (user, mount, PID, IPC, UTS, cgroup, and network unless AGENT_NETWORK is
     "egress"), mapping only its own uid and gid;
  2. mounts one size-bounded tmpfs (AGENT_SANDBOX_BYTES) that backs ``/workspace``, ``/tmp`` and ``/dev/shm``, hides
     the socket directory under an empty read-only tmpfs, and brings its own loopback up;
  3. forks the job's PID 1 (the agent), and exits.
The job's PID 1 mounts the ``/proc`` of its PID namespace and a ``devpts`` of its own, and asks the template for the
program's process: the template joins the job's PID namespace for its next fork, and the forked process joins the
job's cgroups (their cgroup.procs files come from PID 1), then its other namespaces.  That process (the only one on a
job's path that copies the template's large heap) waits for ``marshal((argv, env, rlimits))`` on a pipe as
launcher.py does, applies the limits, drops every capability, installs
the seccomp filter (seccomp.py) and runs the program in-process as ``__main__`` (inprocess.py).  The template tells
PID 1 the program's exit status and CPU time.  PID 1 says ready on the connection and then speaks the agent protocol
there (agent.py); the PID namespace, and everything in it, ends when the reply is sent, or at once if the host closes
the connection.
"""
import ctypes
import fcntl
import gc
import json
import marshal
import os
import resource
import selectors
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
TEMPLATE_SOCKET = os.path.join(os.path.dirname(SOCKET), "template.sock")
SANDBOX_FS = os.environ.get("AGENT_SANDBOX_FS", "/run/sandbox")
SANDBOX_BYTES = int(os.environ.get("AGENT_SANDBOX_BYTES", str(1 << 30)))
PRELOAD = [name.strip() for name in os.environ.get("AGENT_PRELOAD", "").split(",") if name.strip()]
EGRESS = os.environ.get("AGENT_NETWORK", "none") == "egress"
# The cgroups the worker delegated to this zygote, one per hierarchy (cgroup v2: one; v1: memory, pids, cpu), bound at
# CGROUP_MOUNT/<index>, each with the limits of every job's cgroup in it, in the order they are written:
# [{"limits": [[file, value], ...]}, ...]
CGROUPS = json.loads(os.environ.get("AGENT_CGROUPS") or "[]")
CGROUP_MOUNT = "/run/cgroup"
CGROUP_RETRY_SECONDS = 1.0  # how often the front retries removing ended jobs' cgroups that were still busy
# Only while preloading: thread pools of one thread (forking must find the template single-threaded), and a writable
# cache directory for fontconfig (the zygote's root and workspace are read-only).
PRELOAD_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "NUMEXPR_NUM_THREADS": "1", "GOTO_NUM_THREADS": "1", "XDG_CACHE_HOME": "/tmp/.cache"}
JOB_ENV = {"MPLBACKEND": "module://ci_mpl_backend", "MPLCONFIGDIR": "/tmp/matplotlib", "HOME": "/workspace"}
# The namespaces the program's process joins, in this order (its user namespace first: it gives the capabilities
# to join the others); the PID namespace is the template's to join, for its next fork.
JOINED = ("user", "mnt", "ipc", "uts", "cgroup") + (() if EGRESS else ("net",))

CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x02000000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 0x20, 0x1000, 0x4000, 0x40000
PR_CAPBSET_DROP, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 24, 47, 4
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP, IFF_RUNNING = 0x8913, 0x8914, 0x1, 0x40
LINUX_CAPABILITY_VERSION_3 = 0x20080522
STATUS_FD = 3  # in the program's process: where it says its end (close-on-exec)

libc = ctypes.CDLL(None, use_errno=True)
INSTALLATION_PATH = [p for p in sys.path if p and os.path.abspath(p) != AGENT_DIR]


def checked(result, what):
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def mount(source, target, fstype, flags, data=None):
    checked(libc.mount(source.encode(), target.encode(), fstype.encode() if fstype else None, flags,
                       data.encode() if data else None), f"mount {target}")


def unshare_mapping_own_ids(flags):
    """New namespaces (`flags`, a new user namespace among them) in which our uid and gid, the sandbox user's, are
    the only ones mapped, to themselves."""
    uid, gid = os.getuid(), os.getgid()
    checked(libc.unshare(flags), "unshare")
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as f:
            f.write(text)


def own_user_namespace():
    """A user namespace of our own: full capabilities in it, which hold over the namespaces created from it (the
    jobs') and nothing else."""
    unshare_mapping_own_ids(CLONE_NEWUSER)


# ---------------------------------------------------------------------------------------------------- the template

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


def send_line(conn, message):
    try:
        conn.sendall(json.dumps(message).encode() + b"\n")
    except OSError:
        pass  # the job's PID 1 is gone: so is the job


def fork_program(conn, fds):
    """Forks the program's process into the job whose namespaces (JOINED, then pid), pipes (job, stdout, stderr,
    status) and cgroups (their cgroup.procs, one per hierarchy) arrived as `fds`; returns its pid, or None (said on
    `conn`)."""
    pid = None
    expected = len(JOINED) + 5 + len(CGROUPS)
    try:
        if len(fds) != expected:
            raise OSError(0, f"expected {expected} descriptors, got {len(fds)}")
        namespaces = dict(zip(JOINED + ("pid",), fds))
        job_r, out_w, err_w, status_w = fds[len(JOINED) + 1:len(JOINED) + 5]
        cgroups = fds[len(JOINED) + 5:]
        checked(libc.setns(namespaces["pid"], CLONE_NEWPID), "setns pid")
        pid = os.fork()
    except OSError as e:
        send_line(conn, {"error": str(e)})
        return None
    finally:
        if pid != 0:  # the parent's copies (the child closes its own once in place)
            for fd in fds:
                os.close(fd)
    if pid == 0:
        try:
            for procs in cgroups:  # first: from here on, all this process allocates counts against the job's caps
                os.write(procs, b"0")
            with open("/proc/self/oom_score_adj", "w") as f:
                f.write("1000")  # a job out of memory loses its program's processes before its PID 1
            for name in JOINED:
                checked(libc.setns(namespaces[name], 0), f"setns {name}")
            os.dup2(job_r, 0)
            os.dup2(out_w, 1)
            os.dup2(err_w, 2)
            os.dup2(status_w, STATUS_FD, inheritable=False)
            os.closerange(STATUS_FD + 1, 1 << 16)  # the template's sockets and every descriptor received among them
            run_program(read_to_end(0))
        except BaseException:  # noqa: BLE001
            traceback.print_exc()
        os._exit(126)
    send_line(conn, {"pid": pid})
    return pid


def template_main(listener, ready_w):
    """The template: preloads, tells the front, then forks programs for the jobs' PID 1s and reports their ends."""
    loaded, failed = preload(PRELOAD)
    seccomp.prepare()
    gc.collect()
    gc.freeze()  # what is preloaded is never collected again, so children do not copy its pages to scan them
    threads = len(os.listdir("/proc/self/task"))
    os.write(ready_w, json.dumps({"preloaded": loaded, "failed": failed, "threads": threads}).encode())
    wake_r = agent.wakeup_pipe()
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ, listener)
    sel.register(wake_r, selectors.EVENT_READ, None)
    programs = {}  # pid -> the connection of the job's PID 1
    while True:
        for key, _ in sel.select():
            if key.data is listener:
                conn, _ = listener.accept()
                sel.register(conn, selectors.EVENT_READ, conn)
            elif key.data is None:
                agent.clear_wakeups(wake_r)
                report_ends(programs)
            else:
                conn = key.data
                try:
                    message, fds, _, _ = socket.recv_fds(conn, 64, 16)
                except OSError:
                    message, fds = b"", []
                if message.strip() == b"fork":
                    pid = fork_program(conn, fds)
                    if pid is not None:
                        programs[pid] = conn
                else:
                    for fd in fds:
                        os.close(fd)
                    sel.unregister(conn)
                    conn.close()


def report_ends(programs):
    while True:
        try:
            pid, status, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if not pid:
            return
        conn = programs.pop(pid, None)
        if conn is not None:
            send_line(conn, {"exit": os.waitstatus_to_exitcode(status),
                             "cpu_seconds": usage.ru_utime + usage.ru_stime})


def report_end(code, _close=os.close, _write=os.write, _usage=resource.getrusage, _self=resource.RUSAGE_SELF):
    """The program's last act: its output closed (the agent sees the end of both pipes at once), its status and CPU
    time said to the agent, which can reply while the kernel tears this large process down. It uses only what it bound
    before the program ran: the program may have patched any module."""
    _close(1)
    _close(2)
    usage = _usage(_self)
    _write(STATUS_FD, b"exit %d %.6f\n" % (code, usage.ru_utime + usage.ru_stime))


def read_to_end(fd):
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def drop_capabilities():
    """The program's process holds every capability over its job's namespaces until here: none survives."""
    with open("/proc/sys/kernel/cap_last_cap") as f:
        last = int(f.read())
    for cap in range(last + 1):
        checked(libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0), "drop the bounding set")
    checked(libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "clear the ambient set")
    header = struct.pack("Ii", LINUX_CAPABILITY_VERSION_3, 0)
    checked(libc.capset(ctypes.c_char_p(header), ctypes.create_string_buffer(24)), "capset")


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
    inprocess.start(argv[1], env, INSTALLATION_PATH, on_exit=report_end)


# --------------------------------------------------------------------------------------------- a job's processes

class TemplateProgram:
    """The program's process, forked by the template into this job: the part of subprocess.Popen that agent.run
    uses. It is not our child: it says its own end on a status pipe before its (long) teardown, and the template
    says how it ended when it did not say so itself (a signal); both are `ended_fds`."""

    NAMESPACE_FILES = JOINED + ("pid",)

    def __init__(self, template, cgroups):
        self.template, self.returncode, self.cpu_seconds, self.status_r = template, None, 0.0, None
        self.lines = {template.fileno(): b""}
        job_r, job_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        status_r, status_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        namespaces = [os.open(f"/proc/self/ns/{name}", os.O_RDONLY) for name in self.NAMESPACE_FILES]
        try:
            socket.send_fds(template, [b"fork\n"], namespaces + [job_r, out_w, err_w, status_w] + cgroups)
        finally:
            for fd in namespaces + [job_r, out_w, err_w, status_w]:
                os.close(fd)
        reply = self._message(template.fileno(), block=True)
        if reply is None or "pid" not in reply:
            raise OSError(0, f"the template could not fork the program: {reply}")
        self.pid = reply["pid"]
        self.status_r = status_r
        self.lines[status_r] = b""
        self.stdin = open(job_w, "wb", buffering=0)
        self.stdout = open(out_r, "rb", buffering=0)
        self.stderr = open(err_r, "rb", buffering=0)
        self.ended_fds = (status_r, template.fileno())

    def _read(self, fd, block):
        if fd == self.template.fileno():
            return self.template.recv(4096, 0 if block else socket.MSG_DONTWAIT)
        return os.read(fd, 4096)

    def _message(self, fd, block):
        """The next line on `fd`, as a dict; None if none is complete yet; {"eof": True} at its end. The status pipe
        carries "exit <code> <cpu seconds>"; the program could write anything there, which counts as saying nothing."""
        while b"\n" not in self.lines[fd]:
            try:
                chunk = self._read(fd, block)
            except BlockingIOError:
                return None
            if not chunk:
                return {"eof": True}
            self.lines[fd] += chunk
        line, self.lines[fd] = self.lines[fd].split(b"\n", 1)
        if fd != self.status_r:
            return json.loads(line)  # the template's
        try:
            _, code, cpu = line.split(b" ")
            return {"exit": int(code), "cpu_seconds": float(cpu)} if _ == b"exit" else {"eof": True}
        except ValueError:
            return {"eof": True}

    def _ended(self, message):
        if message is not None and "exit" in message and self.returncode is None:
            self.returncode = message["exit"]
            self.cpu_seconds = message.get("cpu_seconds", 0.0)

    def poll(self):
        if self.returncode is None:
            said = self._message(self.status_r, block=False)
            self._ended(said)
            if said is not None and "eof" in said:  # it ended without saying so: the template knows how
                self.wait()
            else:
                self._ended(self._message(self.template.fileno(), block=False))
        return self.returncode

    def wait(self):
        while self.returncode is None:
            message = self._message(self.template.fileno(), block=True)
            if "eof" in message:  # the template is gone, and the whole zygote with it
                message = {"exit": -signal.SIGKILL}
            self._ended(message)
        return self.returncode


def job_init(conn, template, cgroups):
    """PID 1 of the job's namespaces: /proc and devpts of its own, then one job over `conn`, then the end of all.
    `cgroups`: the job's cgroup.procs files, for the program's process to join."""
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
    program = TemplateProgram(template, cgroups)
    for fd in cgroups:
        os.close(fd)
    agent.OUT = agent.HANGUP = conn.fileno()
    status = 3
    try:
        agent.write_all(b'{"ready": true, "v": 1}\n')
        status = agent.serve(conn.makefile("rb"), program, wake_r)
        conn.shutdown(socket.SHUT_RDWR)
    except (agent.HostGone, OSError):
        pass
    os._exit(status)


def join_job_cgroups(name):
    """The job's own cgroup `name` in each delegated hierarchy, with the job's limits, joined by this process (so by
    the job's PID 1 and all it forks); returns their cgroup.procs files, for the program's process to join."""
    joined = []
    for index, group in enumerate(CGROUPS):
        path = os.path.join(CGROUP_MOUNT, str(index), name)
        os.mkdir(path, 0o755)
        for file, value in group["limits"]:
            with open(os.path.join(path, file), "w") as f:
                f.write(value)
        procs = os.open(os.path.join(path, "cgroup.procs"), os.O_WRONLY | os.O_CLOEXEC)
        joined.append(procs)
        os.write(procs, b"0")
    return joined


def remove_job_cgroups(names):
    """The cgroups of ended jobs (a cgroup can be removed once its last process has gone); returns those still in
    use."""
    busy = []
    for name in names:
        for index in range(len(CGROUPS)):
            try:
                os.rmdir(os.path.join(CGROUP_MOUNT, str(index), name))
            except FileNotFoundError:
                pass
            except OSError:
                busy.append(name)
                break
    return busy


def enter_namespaces():
    """The job's own namespaces (the network's too, unless the operator chose egress); its cgroup namespace is rooted
    at the job's cgroup."""
    flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP
    unshare_mapping_own_ids(flags if EGRESS else flags | CLONE_NEWNET)
    checked(libc.sethostname(b"sandbox", 7), "sethostname")


def mount_filesystems():
    """One size-bounded tmpfs behind /workspace, /tmp and /dev/shm; the staging and socket directories hidden."""
    mount("none", "/", None, MS_REC | MS_PRIVATE)
    mount("sandbox", SANDBOX_FS, "tmpfs", MS_NOSUID | MS_NODEV, f"size={SANDBOX_BYTES},mode=0755")
    for name, mode, target in (("workspace", 0o755, "/workspace"), ("tmp", 0o1777, "/tmp"),
                               ("shm", 0o1777, "/dev/shm")):
        path = os.path.join(SANDBOX_FS, name)
        os.mkdir(path)
        os.chmod(path, mode)
        mount(path, target, None, MS_BIND)
    for hidden in (SANDBOX_FS, os.path.dirname(SOCKET)) + ((CGROUP_MOUNT,) if CGROUPS else ()):
        mount("hidden", hidden, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=0555")
        mount("none", hidden, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)


def loopback_up():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        flags = struct.unpack("16sh", fcntl.ioctl(s, SIOCGIFFLAGS, struct.pack("16sh", b"lo", 0)))[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sh", b"lo", flags | IFF_UP | IFF_RUNNING))


def start_job(conn, name):
    """In the front's child: a connection to the template, the job's cgroups `name`, new namespaces and filesystems,
    then the job's PID 1; this process then exits."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    template = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    template.connect(TEMPLATE_SOCKET)  # before the socket directory is hidden
    cgroups = join_job_cgroups(name)
    enter_namespaces()
    mount_filesystems()
    if not EGRESS:
        loopback_up()
    if os.fork() == 0:
        try:
            job_init(conn, template, cgroups)
        except BaseException:  # noqa: BLE001
            traceback.print_exc()
        os._exit(3)
    os._exit(0)


# ------------------------------------------------------------------------------------------------------- the front

def serve(listener, template_alive):
    """Forks a job's first process per connection; ends when the template has (the worker starts another zygote).
    Each job's cgroups are removed once the job has ended: tried at every later connection, and every
    CGROUP_RETRY_SECONDS while some remain (a job's processes may still be ending when the next connection comes)."""
    jobs, ended = 0, []
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ, listener)
    sel.register(template_alive, selectors.EVENT_READ, None)
    while True:
        events = sel.select(CGROUP_RETRY_SECONDS if ended else None)
        if not events:
            ended = remove_job_cgroups(ended)
        for key, _ in events:
            if key.data is None:
                print("zygote: the template ended", file=sys.stderr, flush=True)
                os._exit(1)
            conn, _ = listener.accept()
            ended = remove_job_cgroups(ended)
            jobs += 1
            name = f"job-{jobs}"
            try:
                pid = os.fork()
            except OSError as e:  # e.g. the processes of this uid are exhausted: refuse this one
                print(f"zygote: cannot fork: {e}", file=sys.stderr, flush=True)
                conn.close()
                continue
            if pid == 0:
                try:
                    listener.close()
                    start_job(conn, name)
                except BaseException:  # noqa: BLE001  the host sees the connection end without a ready line
                    traceback.print_exc()
                os._exit(1)
            conn.close()
            if CGROUPS:
                ended.append(name)


def listen(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    os.chmod(path, 0o600)
    listener.listen(128)
    return listener


def main():
    try:
        own_user_namespace()
    except OSError as e:
        print(f"zygote: cannot create a user namespace ({e}): this host denies nested user namespaces",
              file=sys.stderr, flush=True)
        return 1
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the front's children are reaped by the kernel
    template_listener = listen(TEMPLATE_SOCKET)
    ready_r, ready_w = os.pipe()
    if os.fork() == 0:
        os.close(ready_r)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        try:
            template_main(template_listener, ready_w)
        except BaseException:  # noqa: BLE001
            traceback.print_exc()
        os._exit(1)
    template_listener.close()
    os.close(ready_w)
    report = os.read(ready_r, 1 << 16)
    if not report:
        print("zygote: the template failed to start", file=sys.stderr, flush=True)
        return 1
    listener = listen(SOCKET)
    ready = {"ready": True, "v": 1, "zygote": 1, **json.loads(report)}
    os.write(1, json.dumps(ready).encode() + b"\n")
    serve(listener, ready_r)  # the read end sees the end of input once the template has ended


if __name__ == "__main__":
    sys.exit(main())
