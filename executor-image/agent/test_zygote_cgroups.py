"""The zygote front's bookkeeping of its jobs' cgroups (the cgroups themselves are tested for real in the worker's
SandboxCgroupsIT): a job's cgroup is removed in every hierarchy once it is empty, and kept while it is not."""
import os
import tempfile
import unittest
from unittest import mock

import zygote


class RemoveJobCgroupsTest(unittest.TestCase):

    def test_should_remove_empty_job_cgroups_and_keep_busy_ones_when_called(self):
        with tempfile.TemporaryDirectory() as mount:
            for index in ("0", "1"):
                os.makedirs(os.path.join(mount, index, "job-1"))  # ended: empty everywhere
                os.makedirs(os.path.join(mount, index, "job-2"))
            # still busy in the second hierarchy (a plain directory that is not empty stands for a cgroup in use)
            open(os.path.join(mount, "1", "job-2", "held"), "w").close()
            with mock.patch.object(zygote, "CGROUP_MOUNT", mount), \
                    mock.patch.object(zygote, "CGROUPS", [{"limits": []}, {"limits": []}]):
                busy = zygote.remove_job_cgroups(["job-1", "job-2", "job-3"])

            self.assertEqual(["job-2"], busy)
            self.assertEqual([], sorted(os.listdir(os.path.join(mount, "0"))))
            self.assertEqual(["job-2"], sorted(os.listdir(os.path.join(mount, "1"))))


if __name__ == "__main__":
    unittest.main()
