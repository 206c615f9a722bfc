#!/usr/bin/env bash
# A single-node Slurm cluster on localhost, for `make test-slurm`:
#
#   tools/slurm-test-cluster.sh start   # installs slurm-wlm and munge if missing (root, apt)
#   export SLURM_CONF=/tmp/ringwave-slurm/slurm.conf
#   sbatch ...; squeue ...
#   tools/slurm-test-cluster.sh stop    # stops the daemons that start started
#
# Everything lives in $RINGWAVE_SLURM_DIR (default /tmp/ringwave-slurm): its
# own munge key and socket, slurm.conf, state, spool, pid files and logs,
# and non-default ports. It touches neither /etc/slurm nor /etc/munge nor a
# munged or Slurm already running, and the clients find it only through
# SLURM_CONF. Debian's Slurm 22.05 runs with proctrack/linuxproc, task/none
# and no cgroup.conf: nothing needs systemd or cgroups.
set -euo pipefail

dir=${RINGWAVE_SLURM_DIR:-/tmp/ringwave-slurm}
conf=$dir/slurm.conf
pidfiles=("$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid") # stopped in this order

say() { echo "slurm-test-cluster: $*" >&2; }

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

install() {
	if command -v slurmctld >/dev/null && command -v slurmd >/dev/null &&
		command -v sbatch >/dev/null && command -v munged >/dev/null; then
		return
	fi
	if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
		say "needs slurm-wlm and munge (as root: apt-get install slurm-wlm munge)"
		exit 1
	fi
	say "installing slurm-wlm and munge"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
}

start() {
	[ "$(id -u)" -eq 0 ] || { say "must run as root (the daemons run as root)"; exit 1; }
	for f in "${pidfiles[@]}"; do
		if alive "$f"; then
			say "already running (pid $(cat "$f") from $f); '$0 stop' first"
			exit 1
		fi
	done
	install
	trap 'say "start failed; logs in $dir"; stop' ERR
	rm -rf "$dir"
	mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
	chmod 755 "$dir" "$dir/munge" # munged wants its socket's directories open to all
	if command -v mungekey >/dev/null; then
		mungekey --create --keyfile="$dir/munge/munge.key"
	else
		dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
	fi
	chmod 600 "$dir/munge/munge.key"
	munged --socket="$dir/munge/munge.sock" --key-file="$dir/munge/munge.key" \
		--pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" \
		--seed-file="$dir/munge/munged.seed"

	local host mem
	host=$(hostname -s)
	mem=$(awk '/^MemTotal:/ { print int($2 / 1024 * 0.9) }' /proc/meminfo) # MiB, some left for the daemons
	cat >"$conf" <<-EOF
		# Written by tools/slurm-test-cluster.sh: one node, localhost, no accounting.
		ClusterName=ringwave-test
		SlurmctldHost=$host(127.0.0.1)
		SlurmctldPort=16817
		SlurmdPort=16818
		SlurmUser=root
		SlurmdUser=root
		AuthType=auth/munge
		CredType=cred/munge
		AuthInfo=socket=$dir/munge/munge.sock
		StateSaveLocation=$dir/state
		SlurmdSpoolDir=$dir/spool
		SlurmctldPidFile=$dir/slurmctld.pid
		SlurmdPidFile=$dir/slurmd.pid
		SlurmctldLogFile=$dir/log/slurmctld.log
		SlurmdLogFile=$dir/log/slurmd.log
		ProctrackType=proctrack/linuxproc
		TaskPlugin=task/none
		JobAcctGatherType=jobacct_gather/none
		AccountingStorageType=accounting_storage/none
		MpiDefault=none
		SwitchType=switch/none
		SchedulerType=sched/backfill
		SelectType=select/cons_tres
		SelectTypeParameters=CR_Core_Memory
		ReturnToService=2
		NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$mem State=UNKNOWN
		PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
	EOF
	export SLURM_CONF=$conf
	slurmctld -f "$conf"
	slurmd -f "$conf"

	local state=""
	for _ in $(seq 60); do
		state=$(sinfo --noheader --Node --format=%T 2>/dev/null || true)
		[ "$state" = idle ] && break
		sleep 0.5
	done
	if [ "$state" != idle ]; then
		say "the node is not idle after 30 s (sinfo: '${state:-no answer}'); logs in $dir/log"
		tail -n 20 "$dir"/log/*.log >&2 || true
		stop
		exit 1
	fi
	say "up: node $host, $(nproc) CPUs, $mem MiB; export SLURM_CONF=$conf"
}

# stop ends the daemons whose pids start recorded, and nothing else. The
# logs stay in $dir until the next start.
stop() {
	local pid
	for f in "${pidfiles[@]}"; do
		alive "$f" || continue
		pid=$(cat "$f")
		kill "$pid"
		for _ in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
		kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
		rm -f "$f"
	done
	say "stopped"
}

case ${1:-} in
start) start ;;
stop) stop ;;
*)
	echo "usage: $0 start|stop" >&2
	exit 2
	;;
esac
