# Sourced by the bench scripts: holds processes to a CPU quota, each in a control group of its
# own, the way a container's CPU limit holds a replica. Needs the cgroup `cpu` controller
# writable (root, or a delegated subtree): cgroup v2 at /sys/fs/cgroup, or v1 at
# /sys/fs/cgroup/cpu.
#
#   cpu_quota_init NAME CPUS   checks CPUS (cores, e.g. 0.5 or 2) and that a group can be made
#                              here; prints what is wrong under NAME and returns 2 for a bad
#                              CPUS, 1 for a machine where no group can be made
#   cpu_quota_hold PID         moves the process PID (all its threads) into a new group
#                              limited to CPUS cores
#   cpu_quota_release          removes the groups made, once their processes have exited

CPU_QUOTA_BASE=""     # where the groups are made
CPU_QUOTA_LIMIT=""    # what is written to each group: "QUOTA PERIOD" (v2) or QUOTA (v1)
CPU_QUOTA_GROUPS=()
CPU_QUOTA_PERIOD_US=100000

cpu_quota_init() {
  local name="$1" cpus="$2" quota probe
  if ! [[ "$cpus" =~ ^[0-9]+(\.[0-9]+)?$ ]] || ! awk -v c="$cpus" 'BEGIN { exit !(c >= 0.01) }'; then
    echo "$name: KSM_BENCH_SERVER_CPUS is '$cpus'; give a number of cores of at least 0.01, e.g. 0.5" >&2
    return 2
  fi
  quota="$(awk -v c="$cpus" -v p="$CPU_QUOTA_PERIOD_US" 'BEGIN { printf "%d", c * p }')"
  if grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
    CPU_QUOTA_BASE=/sys/fs/cgroup
    CPU_QUOTA_LIMIT="$quota $CPU_QUOTA_PERIOD_US"
    grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null ||
      echo +cpu 2>/dev/null >/sys/fs/cgroup/cgroup.subtree_control || true
  elif [[ -e /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]]; then
    CPU_QUOTA_BASE=/sys/fs/cgroup/cpu
    CPU_QUOTA_LIMIT="$quota"
  else
    echo "$name: KSM_BENCH_SERVER_CPUS needs the cgroup cpu controller (/sys/fs/cgroup), which this machine does not offer; unset it" >&2
    return 1
  fi
  probe="$CPU_QUOTA_BASE/ksm-bench-$$-probe"
  if ! { mkdir "$probe" && cpu_quota_limit "$probe"; } 2>/dev/null; then
    rmdir "$probe" 2>/dev/null || true
    echo "$name: KSM_BENCH_SERVER_CPUS cannot make a CPU-limited control group under $CPU_QUOTA_BASE (run as root, or unset it)" >&2
    return 1
  fi
  rmdir "$probe"
}

cpu_quota_limit() {
  if [[ "$CPU_QUOTA_BASE" == /sys/fs/cgroup ]]; then
    echo "$CPU_QUOTA_LIMIT" >"$1/cpu.max"
  else
    echo "$CPU_QUOTA_PERIOD_US" >"$1/cpu.cfs_period_us" && echo "$CPU_QUOTA_LIMIT" >"$1/cpu.cfs_quota_us"
  fi
}

cpu_quota_hold() {
  local group="$CPU_QUOTA_BASE/ksm-bench-$$-$1"
  mkdir "$group" || return 1
  CPU_QUOTA_GROUPS+=("$group")
  cpu_quota_limit "$group" && echo "$1" >"$group/cgroup.procs"
}

cpu_quota_release() {
  local group
  for group in "${CPU_QUOTA_GROUPS[@]}"; do rmdir "$group" 2>/dev/null || true; done
  CPU_QUOTA_GROUPS=()
}
