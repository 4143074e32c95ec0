"""A seccomp filter for user code: the kernel calls ordinary Python never makes are refused.

Standard library only (ctypes), no libseccomp.  ``install()`` sets PR_SET_NO_NEW_PRIVS and loads a classic BPF
program with seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC), so every thread of the calling process is
filtered (one that cannot be synchronised makes it fail), and so is everything the process execs or forks after: a
filter can never be removed.  Callers: launcher.py just before it execs the user's program, and a zygote child as its
last step before it runs user code.  ``prepare()`` builds the program ahead (off the job's hot path); ``install()``
then costs two system calls.

What the filter does, for the machine it runs on (x86_64 or aarch64, each with its own numbers):
- a system call made through another ABI (i386 ``int 0x80`` on x86_64, x32 numbers, or 32-bit ARM) kills the
  process: its numbers are not the ones checked here, so letting it through would bypass the filter, and Python never
  makes one;
- the calls in DENIED fail with EPERM, as if the sandbox lacked the privilege;
- clone() with any CLONE_NEW* flag fails with EPERM (plain fork and thread creation go through); clone3() fails with
  ENOSYS, its flags being behind a pointer the filter cannot read, so that glibc falls back to clone();
- personality() may only query or set the values Docker's default profile allows (not ADDR_NO_RANDOMIZE);
- everything else is allowed.
On any other machine ``prepare()`` and ``install()`` raise ``Unsupported``: a caller must then refuse to run user
code rather than run it unfiltered.
"""
import ctypes
import errno
import os
import struct

# A table per machine: every name the filter refers to, and its number there.
_GENERIC_NEW = {  # since 5.1 new calls share one number on every architecture
    "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427, "open_tree": 428, "move_mount": 429,
    "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433, "clone3": 435, "pidfd_getfd": 438,
    "process_madvise": 440, "mount_setattr": 442, "quotactl_fd": 443, "open_tree_attr": 467,
}
X86_64 = {
    "clone": 56, "ptrace": 101, "syslog": 103, "uselib": 134, "personality": 135, "ustat": 136, "sysfs": 139,
    "vhangup": 153, "modify_ldt": 154, "pivot_root": 155, "_sysctl": 156, "adjtimex": 159, "chroot": 161,
    "acct": 163, "settimeofday": 164, "mount": 165, "umount2": 166, "swapon": 167, "swapoff": 168, "reboot": 169,
    "sethostname": 170, "setdomainname": 171, "iopl": 172, "ioperm": 173, "create_module": 174,
    "init_module": 175, "delete_module": 176, "get_kernel_syms": 177, "query_module": 178, "quotactl": 179,
    "nfsservctl": 180, "lookup_dcookie": 212, "clock_settime": 227, "kexec_load": 246, "add_key": 248,
    "request_key": 249, "keyctl": 250, "migrate_pages": 256, "unshare": 272, "move_pages": 279,
    "perf_event_open": 298, "fanotify_init": 300, "name_to_handle_at": 303, "open_by_handle_at": 304,
    "clock_adjtime": 305, "setns": 308, "process_vm_readv": 310, "process_vm_writev": 311, "kcmp": 312,
    "finit_module": 313, "seccomp": 317, "kexec_file_load": 320, "bpf": 321, "userfaultfd": 323,
    **_GENERIC_NEW,
}
AARCH64 = {
    "lookup_dcookie": 18, "umount2": 39, "mount": 40, "pivot_root": 41, "nfsservctl": 42, "chroot": 51,
    "vhangup": 58, "quotactl": 60, "acct": 89, "personality": 92, "unshare": 97, "kexec_load": 104,
    "init_module": 105, "delete_module": 106, "clock_settime": 112, "syslog": 116, "ptrace": 117,
    "reboot": 142, "sethostname": 161, "setdomainname": 162, "settimeofday": 170, "adjtimex": 171,
    "add_key": 217, "request_key": 218, "keyctl": 219, "clone": 220, "swapon": 224, "swapoff": 225,
    "migrate_pages": 238, "move_pages": 239, "perf_event_open": 241, "fanotify_init": 262,
    "name_to_handle_at": 264, "open_by_handle_at": 265, "clock_adjtime": 266, "setns": 268,
    "process_vm_readv": 270, "process_vm_writev": 271, "kcmp": 272, "finit_module": 273, "seccomp": 277,
    "bpf": 280, "userfaultfd": 282, "kexec_file_load": 294,
    **_GENERIC_NEW,
}
AUDIT_ARCH_X86_64 = 0xC000003E
AUDIT_ARCH_AARCH64 = 0xC00000B7
X32_SYSCALL_BIT = 0x40000000
# machine (os.uname) -> (audit arch, numbers, whether numbers >= X32_SYSCALL_BIT belong to another ABI)
MACHINES = {"x86_64": (AUDIT_ARCH_X86_64, X86_64, True), "aarch64": (AUDIT_ARCH_AARCH64, AARCH64, False)}

# Refused with EPERM (a name the machine lacks is skipped: iopl, ioperm, modify_ldt... are x86 only).
DENIED = (
    # other processes' memory and state
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd", "process_madvise", "move_pages",
    "migrate_pages",
    # kernel keyrings, eBPF, perf, userfaultfd, io_uring, fanotify: large attack surface no job needs
    "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd", "io_uring_setup",
    "io_uring_enter", "io_uring_register", "fanotify_init",
    # namespaces (clone is checked by its flags, below) and mounts, the new mount API included
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "open_tree", "open_tree_attr", "move_mount",
    "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
    # the kernel, the machine and its clocks
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "create_module",
    "get_kernel_syms", "query_module", "swapon", "swapoff", "reboot", "acct", "quotactl", "quotactl_fd", "syslog",
    "settimeofday", "clock_settime", "adjtimex", "clock_adjtime", "sethostname", "setdomainname", "vhangup",
    "lookup_dcookie", "nfsservctl", "_sysctl", "sysfs", "ustat", "uselib",
    # x86 port I/O and segment descriptors
    "iopl", "ioperm", "modify_ldt",
    # file handles bypass path permission checks
    "open_by_handle_at", "name_to_handle_at",
)
# CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET
# (CLONE_NEWTIME, 0x80, is only for unshare and clone3: in clone's flags those bits are the exit signal).
CLONE_NAMESPACES = 0x7E020000
# personality(): PER_LINUX, PER_LINUX32, UNAME26, PER_LINUX32|UNAME26, and 0xffffffff, which only queries.
PERSONALITIES = (0x0, 0x8, 0x20000, 0x20008, 0xFFFFFFFF)

SECCOMP_RET_KILL_PROCESS = 0x80000000
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_ALLOW = 0x7FFF0000
# struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6] (the low half first: both
# machines are little-endian, and a big-endian one has another audit arch)
NR, ARCH, ARG0_LOW = 0, 4, 16
# classic BPF opcodes
LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
JEQ, JGE, JSET = 0x15, 0x35, 0x45  # BPF_JMP | BPF_JEQ/BPF_JGE/BPF_JSET | BPF_K
RET = 0x06  # BPF_RET | BPF_K

PR_SET_NO_NEW_PRIVS = 38
SECCOMP_SET_MODE_FILTER = 1
SECCOMP_FILTER_FLAG_TSYNC = 1


class Unsupported(RuntimeError):
    """No syscall table for this machine: user code must not run."""


def _insn(code, k, jt=0, jf=0):
    return struct.pack("=HBBI", code, jt, jf, k)


def _ret(action):
    return _insn(RET, action)


def program(machine=None):
    """The filter for `machine` (default: this one), as the bytes of a struct sock_filter array."""
    machine = machine or os.uname().machine
    if machine not in MACHINES:
        raise Unsupported(f"no seccomp syscall table for machine {machine!r} (known: {', '.join(MACHINES)})")
    audit_arch, numbers, x32 = MACHINES[machine]
    eperm, kill, allow = SECCOMP_RET_ERRNO | errno.EPERM, SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_ALLOW
    code = [_insn(LD_W_ABS, ARCH), _insn(JEQ, audit_arch, 1, 0), _ret(kill), _insn(LD_W_ABS, NR)]
    if x32:
        code += [_insn(JGE, X32_SYSCALL_BIT, 0, 1), _ret(kill)]
    for name in DENIED:
        if name in numbers:
            code += [_insn(JEQ, numbers[name], 0, 1), _ret(eperm)]
    code += [_insn(JEQ, numbers["clone3"], 0, 1), _ret(SECCOMP_RET_ERRNO | errno.ENOSYS)]
    # the argument checks come last: they overwrite the accumulator, which held the number
    code += [_insn(JEQ, numbers["clone"], 0, 4), _insn(LD_W_ABS, ARG0_LOW), _insn(JSET, CLONE_NAMESPACES, 0, 1),
             _ret(eperm), _ret(allow)]
    # personality() takes an unsigned int: the low half of the argument is what the kernel sees
    n = len(PERSONALITIES)
    code += [_insn(JEQ, numbers["personality"], 0, n + 3), _insn(LD_W_ABS, ARG0_LOW)]
    code += [_insn(JEQ, value, n - i, 0) for i, value in enumerate(PERSONALITIES)]
    code += [_ret(eperm), _ret(allow), _ret(allow)]
    return b"".join(code)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


_prepared = None


def prepare():
    """Build the filter and load what install() needs, so that install() is only two system calls."""
    global _prepared
    if _prepared is None:
        code = program()
        buffer = ctypes.create_string_buffer(code, len(code))
        fprog = _SockFprog(len(code) // 8, ctypes.cast(buffer, ctypes.c_void_p))
        libc = ctypes.CDLL(None, use_errno=True)
        _prepared = (libc, buffer, fprog, MACHINES[os.uname().machine][1]["seccomp"])
    return _prepared


def install():
    """Filter the calling process (every thread, and everything it starts) for good; raises OSError or Unsupported
    when it cannot, in which case user code must not run."""
    libc, _, fprog, seccomp_nr = prepare()
    if libc.prctl(PR_SET_NO_NEW_PRIVS, ctypes.c_ulong(1), ctypes.c_ulong(0), ctypes.c_ulong(0),
                  ctypes.c_ulong(0)) != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"prctl(PR_SET_NO_NEW_PRIVS) failed: {os.strerror(e)}")
    result = libc.syscall(ctypes.c_long(seccomp_nr), ctypes.c_ulong(SECCOMP_SET_MODE_FILTER),
                          ctypes.c_ulong(SECCOMP_FILTER_FLAG_TSYNC), ctypes.byref(fprog))
    if result != 0:
        if result > 0:  # TSYNC names the thread it could not synchronise
            raise OSError(errno.EBUSY, f"seccomp: thread {result} could not be synchronised")
        e = ctypes.get_errno()
        raise OSError(e, f"seccomp(SECCOMP_SET_MODE_FILTER) failed: {os.strerror(e)}")
