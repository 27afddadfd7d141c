# Sourced by the bench scripts. wait_for_ready NAME PID READY_FILE LOG SECONDS: waits until
# the `ksm-server serve` with process id PID has written its ready file; if it exits first or
# SECONDS pass, prints its log (or says so) under NAME and returns 1.
wait_for_ready() {
  local name="$1" pid="$2" ready="$3" log="$4" seconds="$5" waited
  for ((waited = 0; waited < seconds * 10; waited++)); do
    [[ -s "$ready" ]] && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "$name: serve exited" >&2; return 1; }
    sleep 0.1
  done
  echo "$name: serve did not get ready in ${seconds}s" >&2
  return 1
}
