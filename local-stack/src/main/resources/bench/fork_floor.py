"""The floor under any executor that forks a preloaded interpreter per job (the zygote): with no isolation, no agent
and no service around it, fork a python3 that has imported the data stack, run print(1) in the child, wait for its end.

Usage: python3 -s fork_floor.py <forks> <module,module,...>
Prints one JSON line: {"preloaded": [...], "rss_mib": n, "forks": n, "p50_ms": wall time of one fork to its reaped
end, "cpu_ms": CPU time of parent and child per fork}.
"""
import gc
import importlib
import json
import os
import resource
import sys
import time

os.environ.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MPLBACKEND="Agg")


def preload(names):
    loaded = []
    for name in names:
        try:
            importlib.import_module(name)
            loaded.append(name)
        except Exception:  # noqa: BLE001  what is not installed is not preloaded, as in the zygote
            pass
    gc.collect()
    gc.freeze()
    return loaded


def main(forks, names):
    loaded = preload(names)
    code = compile("print(1)", "/tmp/main.py", "exec")
    devnull = os.open(os.devnull, os.O_WRONLY)
    walls, child_cpu = [], 0.0
    before = resource.getrusage(resource.RUSAGE_SELF)
    for _ in range(forks):
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            os.dup2(devnull, 1)
            exec(code, {"__name__": "__main__"})
            sys.stdout.flush()
            os._exit(0)
        _, _, usage = os.wait4(pid, 0)
        walls.append(time.perf_counter() - start)
        child_cpu += usage.ru_utime + usage.ru_stime
    after = resource.getrusage(resource.RUSAGE_SELF)
    parent_cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    walls.sort()
    with open("/proc/self/statm") as f:
        rss = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    print(json.dumps({"preloaded": loaded, "rss_mib": rss >> 20, "forks": forks,
                      "p50_ms": 1000 * walls[len(walls) // 2],
                      "cpu_ms": 1000 * (parent_cpu + child_cpu) / forks}))


if __name__ == "__main__":
    main(int(sys.argv[1]), [name for name in sys.argv[2].split(",") if name])
