"""Tests of the seccomp filter (seccomp.py): its program, evaluated for both machines, and the real kernel's answers.

    cd executor-image/agent && /usr/bin/python3 -m unittest test_seccomp -v
    /usr/bin/python3 test_seccomp.py --bench [N]     # what install() costs in a fresh process, and per system call

Every probe that reaches the kernel is a call that does nothing when the filter is absent (invalid arguments, a
no-op, or the state of a throwaway child), so a broken filter cannot harm the machine running the tests: they run as
root, and the probes' unfiltered answers (not EPERM, see the control test) are what shows the filter is what refuses.
"""
import errno
import json
import marshal
import os
import re
import signal
import struct
import subprocess
import sys
import tempfile
import textwrap
import unittest
from unittest import mock

import seccomp

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3"
MACHINE = os.uname().machine
EPERM = seccomp.SECCOMP_RET_ERRNO | errno.EPERM
CLONE_THREAD = 0x10000
NAMESPACE_FLAGS = {"newns": 0x20000, "newcgroup": 0x2000000, "newuts": 0x4000000, "newipc": 0x8000000,
                   "newuser": 0x10000000, "newpid": 0x20000000, "newnet": 0x40000000}
NONEXISTENT = b"/nonexistent-seccomp-probe"

# One probe per denied call: the arguments of a call that is harmless without the filter ("pid" = the caller's pid).
PROBES = {
    "ptrace": (0,),  # PTRACE_TRACEME, in a child that then exits
    "process_vm_readv": ("pid", 0, 0, 0, 0, 0), "process_vm_writev": ("pid", 0, 0, 0, 0, 0),
    "kcmp": ("pid", "pid", 0xFF, 0, 0), "pidfd_getfd": (-1, 0, 0), "process_madvise": (-1, 0, 0, 0, 0),
    "move_pages": (0, 0, 0, 0, 0, 0), "migrate_pages": (-1, 0, 0, 0),
    "keyctl": (0xFFFF, 0, 0, 0, 0), "add_key": (0, 0, 0, 0, 0), "request_key": (0, 0, 0, 0),
    "bpf": (0xFFFF, 0, 0), "perf_event_open": (0, 0, -1, -1, 0), "userfaultfd": (0xFFFF,),
    "io_uring_setup": (0, 0), "io_uring_enter": (-1, 0, 0, 0, 0, 0), "io_uring_register": (-1, 0, 0, 0),
    "fanotify_init": (0xFFFFFFFF, 0),
    "unshare": (0,), "setns": (-1, 0), "mount": (0, 0, 0, 0, 0), "umount2": (NONEXISTENT, 0),
    "pivot_root": (0, 0), "chroot": (0,), "open_tree": (-1, 0, 0xFFFFFFFF),
    "open_tree_attr": (-1, 0, 0xFFFFFFFF, 0, 0), "move_mount": (-1, 0, -1, 0, 0xFFFFFFFF),
    "fsopen": (0, 0xFFFFFFFF), "fsconfig": (-1, 0xFFFF, 0, 0, 0), "fsmount": (-1, 0xFFFFFFFF, 0),
    "fspick": (-1, 0, 0xFFFFFFFF), "mount_setattr": (-1, 0, 0xFFFFFFFF, 0, 0),
    "kexec_load": (0, 0, 0, 0xFFFFFFFF), "kexec_file_load": (-1, -1, 0, 0, 0xFFFFFFFF),
    "init_module": (0, 0, 0), "finit_module": (-1, 0, 0xFFFFFFFF), "delete_module": (0, 0),
    "create_module": (), "get_kernel_syms": (), "query_module": (), "nfsservctl": (), "_sysctl": (0,),
    "swapon": (0, 0), "swapoff": (0,), "reboot": (0, 0, 0, 0),  # a wrong magic number
    "acct": (NONEXISTENT,), "quotactl": (0xFFFFFFFF, 0, 0, 0), "quotactl_fd": (-1, 0xFFFFFFFF, 0, 0),
    "syslog": (10, 0, 0),  # SYSLOG_ACTION_SIZE_BUFFER
    "settimeofday": (0, 0), "clock_settime": (0xFFFF, 0), "adjtimex": (0,), "clock_adjtime": (0xFFFF, 0),
    "sethostname": (0, 0xFFFF), "setdomainname": (0, 0xFFFF), "vhangup": (),  # in its own session: no tty
    "lookup_dcookie": (0, 0, 0), "sysfs": (0xFF,), "ustat": (0, 0), "uselib": (0,),
    "iopl": (0,), "ioperm": (0, 0, 0), "modify_ldt": (0xFF, 0, 0),
    "open_by_handle_at": (-1, 0, 0), "name_to_handle_at": (-1, 0, 0, 0, 0xFFFF),
}
# clone with each namespace flag; CLONE_THREAD without CLONE_SIGHAND makes the kernel refuse it with EINVAL
CLONE_PROBES = {f"clone_{name}": ("clone", flag | CLONE_THREAD, 0, 0, 0, 0)
                for name, flag in NAMESPACE_FLAGS.items()}
OTHER_PROBES = {
    "clone_with_high_bits": ("clone", 0xFFFFFFFF_00000000 | NAMESPACE_FLAGS["newuser"] | CLONE_THREAD, 0, 0, 0, 0),
    "clone3": ("clone3", 0, 0),
    "personality_addr_no_randomize": ("personality", 0x0040000),
    "personality_high_bits_addr_no_randomize": ("personality", 0x1_00040000),
}
# Calls the filter lets through, with the kernel's own answer.
ALLOWED_PROBES = {
    "clone_thread_without_namespaces": ("clone", CLONE_THREAD, 0, 0, 0, 0),  # EINVAL from the kernel
    "personality_query": ("personality", 0xFFFFFFFF),
    "personality_linux32": ("personality", 0x8),
}

# Runs every probe in a forked child of its own (in a new session), which installs the filter first when asked;
# prints {probe: [result, errno]}.
PROBE_RUNNER = textwrap.dedent("""
    import ctypes, json, os, sys
    sys.path.append(sys.argv[1])
    import seccomp
    filtered, probes = sys.argv[2] == "filtered", json.loads(sys.argv[3])
    numbers = seccomp.MACHINES[os.uname().machine][1]
    libc = ctypes.CDLL(None, use_errno=True)
    results = {}
    for name, (call, *args) in probes.items():
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.setsid()
            if filtered:
                seccomp.install()
            values = [ctypes.c_long(os.getpid()) if a == "pid" else ctypes.c_long(a) if isinstance(a, int)
                      else ctypes.c_char_p(a.encode()) for a in args]
            result = libc.syscall(ctypes.c_long(numbers[call]), *values)
            os.write(w, json.dumps([result, ctypes.get_errno()]).encode())
            os._exit(0)
        os.close(w)
        out = os.read(r, 4096)
        os.close(r)
        os.waitpid(pid, 0)
        results[name] = json.loads(out) if out else None
    print(json.dumps(results))
""")


def run_probes(probes, filtered):
    # bytes (paths) travel as str and become char pointers there; "pid" becomes the child's pid
    wire = {name: [call, *(a.decode() if isinstance(a, bytes) else a for a in args)]
            for name, (call, *args) in probes.items()}
    out = subprocess.run([PYTHON, "-I", "-S", "-c", PROBE_RUNNER, HERE, "filtered" if filtered else "unfiltered",
                          json.dumps(wire)], capture_output=True, timeout=120)
    if out.returncode != 0:
        raise AssertionError(f"probe runner failed: {out.stderr.decode()}")
    return json.loads(out.stdout)


def denied_probes():
    """Every denied call of this machine, each with its probe."""
    numbers = seccomp.MACHINES[MACHINE][1]
    probes = {name: (name, *args) for name, args in PROBES.items() if name in numbers}
    return {**probes, **CLONE_PROBES, **OTHER_PROBES}


def python_with_filter(code, timeout=120):
    """Run `code` in a fresh python3 that installs the filter first."""
    prelude = f"import sys; sys.path.insert(0, {HERE!r}); import seccomp; seccomp.install()\n"
    return subprocess.run([PYTHON, "-c", prelude + textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=timeout, cwd=tempfile.gettempdir())


def importable(*modules):
    return subprocess.run([PYTHON, "-c", "import " + ", ".join(modules)], capture_output=True).returncode == 0


def evaluate(code, nr, arch, args=(0,) * 6):
    """Run the classic BPF program the way the kernel does on a struct seccomp_data; returns the action."""
    data = struct.pack("=iIQ6Q", nr, arch, 0, *args)
    insns = [struct.unpack_from("=HBBI", code, i) for i in range(0, len(code), 8)]
    pc, acc = 0, 0
    while True:
        op, jt, jf, k = insns[pc]
        if op == seccomp.LD_W_ABS:
            acc, pc = struct.unpack_from("=I", data, k)[0], pc + 1
        elif op in (seccomp.JEQ, seccomp.JGE, seccomp.JSET):
            taken = {seccomp.JEQ: acc == k, seccomp.JGE: acc >= k, seccomp.JSET: acc & k != 0}[op]
            pc += 1 + (jt if taken else jf)
        elif op == seccomp.RET:
            return k
        else:
            raise AssertionError(f"unexpected opcode {op:#x} at {pc}")


def header_numbers(path):
    with open(path) as f:
        return {m[1]: int(m[2]) for m in re.finditer(r"^#define __NR_(\w+)\s+(\d+)\s*$", f.read(), re.M)}


class ProgramTest(unittest.TestCase):
    """The filter's program for each machine, evaluated here (aarch64 cannot run on this machine)."""

    def test_every_denied_name_has_a_number_on_some_machine_and_a_probe(self):
        for name in seccomp.DENIED:
            self.assertTrue(any(name in numbers for _, numbers, _ in seccomp.MACHINES.values()), name)
            self.assertIn(name, PROBES)

    def test_numbers_match_the_kernel_headers(self):
        headers = {"x86_64": "/usr/include/x86_64-linux-gnu/asm/unistd_64.h",
                   "aarch64": "/usr/include/asm-generic/unistd.h"}  # arm64 uses the generic table
        for machine, path in headers.items():
            with self.subTest(machine=machine):
                if not os.path.exists(path):
                    self.skipTest(f"{path} missing (linux-libc-dev)")
                known = header_numbers(path)
                numbers = seccomp.MACHINES[machine][1]
                missing = {name for name in numbers if name not in known}
                self.assertLessEqual(missing, {"open_tree_attr"}, "only calls newer than these headers")
                self.assertEqual({n: numbers[n] for n in numbers if n in known}, {n: known[n] for n in numbers
                                                                                   if n in known})

    def test_denied_calls_get_eperm_and_others_are_allowed(self):
        for machine, (arch, numbers, _) in seccomp.MACHINES.items():
            code = seccomp.program(machine)
            denied = {numbers[name] for name in seccomp.DENIED if name in numbers}
            for name in seccomp.DENIED:
                if name in numbers:
                    self.assertEqual(evaluate(code, numbers[name], arch), EPERM, f"{machine} {name}")
            self.assertEqual(evaluate(code, numbers["clone3"], arch), seccomp.SECCOMP_RET_ERRNO | errno.ENOSYS)
            special = denied | {numbers["clone"], numbers["clone3"], numbers["personality"]}
            for nr in set(range(470)) - special:
                self.assertEqual(evaluate(code, nr, arch), seccomp.SECCOMP_RET_ALLOW, f"{machine} {nr}")

    def test_clone_is_refused_with_any_namespace_flag_only(self):
        for machine, (arch, numbers, _) in seccomp.MACHINES.items():
            code = seccomp.program(machine)
            for name, flag in NAMESPACE_FLAGS.items():
                for extra in (0, 0x11 | CLONE_THREAD, 0xFFFFFFFF_00000000):
                    self.assertEqual(evaluate(code, numbers["clone"], arch, (flag | extra, 0, 0, 0, 0, 0)), EPERM,
                                     f"{machine} clone {name} {extra:#x}")
            fork = 0x01200011  # what glibc's fork() passes: CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD
            thread = 0x003D0F00  # what pthread_create passes (CLONE_VM, FS, FILES, SIGHAND, THREAD, SYSVSEM...)
            for flags in (fork, thread, 0x80 | 0x11, 0xFFFFFFFF_00000011):  # 0x80: the signal byte, not NEWTIME
                self.assertEqual(evaluate(code, numbers["clone"], arch, (flags, 0, 0, 0, 0, 0)),
                                 seccomp.SECCOMP_RET_ALLOW, f"{machine} clone {flags:#x}")

    def test_personality_allows_only_docker_s_values(self):
        for machine, (arch, numbers, _) in seccomp.MACHINES.items():
            code = seccomp.program(machine)
            for value in seccomp.PERSONALITIES:
                self.assertEqual(evaluate(code, numbers["personality"], arch, (value, 0, 0, 0, 0, 0)),
                                 seccomp.SECCOMP_RET_ALLOW)
            for value in (0x40000, 0x0400000, 0x1_00040000, 0x7):  # ADDR_NO_RANDOMIZE, READ_IMPLIES_EXEC...
                self.assertEqual(evaluate(code, numbers["personality"], arch, (value, 0, 0, 0, 0, 0)), EPERM)

    def test_another_abi_is_killed(self):
        x86, aarch64 = seccomp.program("x86_64"), seccomp.program("aarch64")
        kill = seccomp.SECCOMP_RET_KILL_PROCESS
        self.assertEqual(evaluate(x86, 20, 0x40000003), kill, "i386 (int 0x80) on x86_64")
        self.assertEqual(evaluate(x86, 39, seccomp.AUDIT_ARCH_AARCH64), kill)
        self.assertEqual(evaluate(x86, 0x40000000 + 39, seccomp.AUDIT_ARCH_X86_64), kill, "x32 getpid")
        self.assertEqual(evaluate(aarch64, 20, 0x40000028), kill, "32-bit ARM on aarch64")
        self.assertEqual(evaluate(aarch64, 0x40000000 + 172, seccomp.AUDIT_ARCH_AARCH64),
                         seccomp.SECCOMP_RET_ALLOW, "no x32 on aarch64: an unknown number, ENOSYS from the kernel")

    def test_program_fits_the_kernel_limit(self):
        for machine in seccomp.MACHINES:
            self.assertLess(len(seccomp.program(machine)) // 8, 4096)

    def test_other_machines_are_refused_before_anything_is_installed(self):
        with self.assertRaisesRegex(seccomp.Unsupported, "ppc64le"):
            seccomp.program("ppc64le")
        with mock.patch.object(seccomp, "_prepared", None), \
                mock.patch("os.uname", return_value=os.uname_result(("Linux", "h", "6", "#1", "riscv64"))):
            with self.assertRaisesRegex(seccomp.Unsupported, "riscv64"):
                seccomp.install()


@unittest.skipUnless(MACHINE in seccomp.MACHINES, f"no table for {MACHINE}")
class KernelTest(unittest.TestCase):
    """The filter installed in real processes."""

    @classmethod
    def setUpClass(cls):
        cls.filtered = run_probes({**denied_probes(), **ALLOWED_PROBES}, filtered=True)

    def test_every_denied_call_gets_eperm(self):
        for name in denied_probes():
            if name != "clone3":
                with self.subTest(name):
                    self.assertEqual(self.filtered[name], [-1, errno.EPERM])

    def test_clone3_gets_enosys_so_glibc_falls_back_to_clone(self):
        self.assertEqual(self.filtered["clone3"], [-1, errno.ENOSYS])

    def test_allowed_calls_reach_the_kernel(self):
        self.assertEqual(self.filtered["clone_thread_without_namespaces"], [-1, errno.EINVAL])
        self.assertGreaterEqual(self.filtered["personality_query"][0], 0)
        self.assertGreaterEqual(self.filtered["personality_linux32"][0], 0)

    @unittest.skipUnless(os.geteuid() == 0, "unprivileged, the kernel itself refuses most of these with EPERM")
    def test_control_without_the_filter_the_kernel_answers_otherwise(self):
        unfiltered = run_probes(denied_probes(), filtered=False)
        for name, answer in unfiltered.items():
            with self.subTest(name):
                self.assertNotEqual(answer, [-1, errno.EPERM])
                self.assertNotEqual(answer, self.filtered[name])

    def test_unshare_of_a_user_namespace_works_only_without_the_filter(self):
        code = """
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            pid = os.fork()
            if pid == 0:
                if {install}:
                    import seccomp
                    seccomp.install()
                os._exit(0 if libc.unshare(0x10000000) == 0 else ctypes.get_errno())
            print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
        """
        results = []
        for install in (False, True):
            out = subprocess.run([PYTHON, "-I", "-S", "-c", f"import sys; sys.path.append({HERE!r})\n"
                                  + textwrap.dedent(code.format(install=install))], capture_output=True, text=True)
            results.append(out.stdout.strip())
        if results[0] != "0":
            self.skipTest(f"this kernel refuses user namespaces anyway (errno {results[0]})")
        self.assertEqual(results, ["0", str(errno.EPERM)])

    def test_x32_system_calls_kill_the_process(self):
        if MACHINE != "x86_64":
            self.skipTest("x32 is x86_64 only")
        result = python_with_filter("""
            import ctypes
            ctypes.CDLL(None).syscall(ctypes.c_long(0x40000000 + 39))  # x32 getpid
            print("survived")
        """)
        self.assertEqual(result.returncode, -signal.SIGSYS, result.stderr)
        self.assertEqual(result.stdout, "")

    def test_i386_system_calls_kill_the_process(self):
        if MACHINE != "x86_64":
            self.skipTest("int 0x80 is x86 only")
        code = """
            import ctypes, mmap, os
            page = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
            page.write(bytes([0xB8, 20, 0, 0, 0, 0xCD, 0x80, 0xC3]))  # mov eax, 20 (getpid); int 0x80; ret
            getpid = ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.addressof(ctypes.c_char.from_buffer(page)))
            print(getpid() == os.getpid())
        """
        control = subprocess.run([PYTHON, "-c", textwrap.dedent(code)], capture_output=True, text=True)
        if control.stdout != "True\n":
            self.skipTest(f"no i386 emulation in this kernel (status {control.returncode})")
        result = python_with_filter(code)
        self.assertEqual(result.returncode, -signal.SIGSYS, result.stderr)

    def test_filter_covers_threads_started_before_it(self):
        code = f"""
            import sys, threading
            sys.path.insert(0, {HERE!r})
            import seccomp
            go, installed = threading.Event(), threading.Event()
            def status():
                go.set()
                installed.wait()
                print(open("/proc/thread-self/status").read().split("Seccomp:")[1].split()[0])
            t = threading.Thread(target=status)
            t.start()
            go.wait()
            seccomp.install()
            installed.set()
            t.join()
        """
        result = subprocess.run([PYTHON, "-c", textwrap.dedent(code)], capture_output=True, text=True)
        self.assertEqual(result.stdout, "2\n", result.stderr)  # SECCOMP_MODE_FILTER

    def test_fork_threads_subprocess_and_multiprocessing_still_work(self):
        result = python_with_filter("""
            import concurrent.futures, multiprocessing, os, subprocess, threading
            pid = os.fork()
            if pid == 0:
                os._exit(7)
            print("fork", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
            with concurrent.futures.ThreadPoolExecutor(4) as pool:
                print("threads", sum(pool.map(lambda x: x * x, range(10))))
            print("subprocess", subprocess.run(["sh", "-c", "echo $((6 * 7))"], capture_output=True,
                                               text=True).stdout.strip())
            if __name__ == "__main__":
                for method in ("fork", "spawn", "forkserver"):
                    with multiprocessing.get_context(method).Pool(2) as pool:
                        print(method, pool.map(abs, [-1, -2, -3]))
        """)
        self.assertEqual(result.stdout, "fork 7\nthreads 285\nsubprocess 42\nfork [1, 2, 3]\n"
                                        "spawn [1, 2, 3]\nforkserver [1, 2, 3]\n", result.stderr)
        self.assertEqual(result.returncode, 0)

    @unittest.skipUnless(importable("numpy", "pandas"), "numpy and pandas are not installed")
    def test_numpy_and_pandas_still_work(self):
        result = python_with_filter("""
            import numpy as np, pandas as pd
            a = np.random.default_rng(0).random((300, 300))
            print(round(float(np.trace(np.linalg.inv(a) @ a))))
            df = pd.DataFrame({"k": [1, 2, 1], "v": [1.0, 2.0, 3.0]})
            print(df.groupby("k")["v"].sum().to_dict())
        """)
        self.assertEqual(result.stdout, "300\n{1: 4.0, 2: 2.0}\n", result.stderr)


class LauncherTest(unittest.TestCase):
    """launcher.py installs the filter before it execs the program, or does not run it at all."""

    def launch(self, program, wrapper=""):
        """Start launcher.py (after `wrapper` code, which then execs it), send it one job; returns its result."""
        launcher = os.path.join(HERE, "launcher.py")
        start = textwrap.dedent(wrapper) + f"\nimport os\nos.execv({PYTHON!r}, [{PYTHON!r}, '-I', '-S', {launcher!r}])"
        proc = subprocess.Popen([PYTHON, "-I", "-S", "-c", start], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=tempfile.gettempdir())
        self.assertEqual(proc.stdout.read(1), b"R")
        out, err = proc.communicate(marshal.dumps(([PYTHON, "-c", program], {}, [])), timeout=60)
        return proc.returncode, out.decode(), err.decode()

    def test_the_program_runs_filtered(self):
        status, out, err = self.launch("print(open('/proc/self/status').read().split('Seccomp:')[1].split()[0])")
        self.assertEqual((status, out, err), (0, "2\n", ""))

    def test_the_program_does_not_run_when_the_filter_cannot_be_installed(self):
        marker = os.path.join(tempfile.mkdtemp(), "ran")
        # a filter of our own, installed first, refuses seccomp() itself with EACCES
        refuse_seccomp = f"""
            import ctypes, struct
            nr = {seccomp.MACHINES[MACHINE][1]["seccomp"]}
            code = (struct.pack("=HBBI", 0x20, 0, 0, 0) + struct.pack("=HBBI", 0x15, 0, 1, nr)
                    + struct.pack("=HBBI", 0x06, 0, 0, 0x00050000 | {errno.EACCES})
                    + struct.pack("=HBBI", 0x06, 0, 0, 0x7FFF0000))
            class Prog(ctypes.Structure):
                _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]
            libc = ctypes.CDLL(None, use_errno=True)
            assert libc.prctl(38, 1, 0, 0, 0) == 0
            assert libc.prctl(22, 2, ctypes.byref(Prog(4, code)), 0, 0) == 0  # PR_SET_SECCOMP, MODE_FILTER
        """
        status, out, err = self.launch(f"open({marker!r}, 'w')", refuse_seccomp)
        self.assertEqual(status, 126)
        self.assertEqual(out, "")
        self.assertIn("sandbox: cannot install the seccomp filter", err)
        self.assertIn("Permission denied", err)
        self.assertIn("the program was not run", err)
        self.assertFalse(os.path.exists(marker))


def bench(rounds):
    """install() in `rounds` fresh processes, and what the filter adds to a cheap system call."""
    import statistics
    code = f"""
        import sys, time
        sys.path.append({HERE!r})
        import seccomp
        t0 = time.perf_counter(); seccomp.prepare(); t1 = time.perf_counter(); seccomp.install()
        t2 = time.perf_counter()
        print(t1 - t0, t2 - t1)
    """
    prepare, install = [], []
    for _ in range(rounds):
        out = subprocess.run([PYTHON, "-I", "-S", "-c", textwrap.dedent(code)], capture_output=True, text=True,
                             check=True).stdout.split()
        prepare.append(float(out[0]) * 1e6)
        install.append(float(out[1]) * 1e6)
    for name, times in (("prepare() (off the hot path)", prepare), ("install() after prepare()", install)):
        times.sort()
        print(f"{name:30s} median {statistics.median(times):7.1f} us   p99 {times[int(len(times) * 0.99) - 1]:7.1f} us"
              f"   min {times[0]:7.1f} us")
    loop = "import os, time\nt = time.perf_counter()\nfor _ in range(10**6): os.getppid()\nprint(time.perf_counter() - t)"
    plain = min(float(subprocess.run([PYTHON, "-c", loop], capture_output=True, text=True).stdout) for _ in range(5))
    filtered = min(float(python_with_filter(loop).stdout) for _ in range(5))
    print(f"os.getppid() x 1e6, best of 5: {plain:.3f} s unfiltered, {filtered:.3f} s filtered "
          f"({(filtered - plain) * 1000:+.0f} ns per call)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--bench"]:
        bench(int(sys.argv[2]) if len(sys.argv) > 2 else 200)
    else:
        unittest.main()
