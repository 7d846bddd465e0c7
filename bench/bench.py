#!/usr/bin/env python3
"""pinprobe against peer tools on the loopback lab of bench/lab.sh (run through bench/run.sh).

Subcommands:
  relay   the latency shim: listens on LISTEN:PORT for each port, waits D ms before it connects
          to UPSTREAM:PORT, and delays every byte the server sends by D ms (order kept).
  run     the measurements; prints a markdown report (also written to --out).

Every figure is the median over --runs runs with min and max; the tools of one measurement are
run one after another inside each run (interleaved), so load drift hits them alike. CPU time and
peak RSS come from wait4() of each child (user + sys; ru_maxrss), for blackbox_exporter (a
server) from /proc/PID. Nothing here is an assertion: the goals are reported, met or not.
"""
import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

# ----------------------------------------------------------------------------------- relay


async def relay_main(listen, upstream, ports, delay):
    loop = asyncio.get_running_loop()

    async def pump(src, dst, lag):
        queue = asyncio.Queue()

        async def writer():
            while True:
                due, data = await queue.get()
                wait = due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                if data is None:
                    try:
                        dst.write_eof() if dst.can_write_eof() else dst.close()
                    except OSError:
                        pass
                    return
                dst.write(data)
                try:
                    await dst.drain()
                except OSError:
                    return

        task = asyncio.create_task(writer())
        try:
            while True:
                data = await src.read(65536)
                queue.put_nowait((loop.time() + lag, data or None))
                if not data:
                    break
        except OSError:
            queue.put_nowait((loop.time() + lag, None))
        await task

    async def handle(reader, writer, port):
        await asyncio.sleep(delay)  # connection setup
        try:
            up_reader, up_writer = await asyncio.open_connection(upstream, port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(pump(reader, up_writer, 0.0), pump(up_reader, writer, delay),
                             return_exceptions=True)
        writer.close()
        up_writer.close()

    servers = []
    for port in ports:
        servers.append(await asyncio.start_server(
            lambda r, w, p=port: handle(r, w, p), listen, port, backlog=4096))
    print("relay ready", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


# ------------------------------------------------------------------------------ black hole


class BlackHole:
    """A loopback listener whose accept queue is full: the kernel drops further SYNs."""

    def __init__(self, addr):
        self.listener = socket.socket()
        self.listener.bind((addr, 0))
        self.listener.listen(0)
        self.port = self.listener.getsockname()[1]
        self.fillers = []
        for _ in range(16):
            s = socket.socket()
            s.settimeout(0.3)
            try:
                s.connect((addr, self.port))
            except OSError:
                s.close()
                break
            self.fillers.append(s)


# ------------------------------------------------------------------------------ measuring


USAGE_FILE = Path(f"/tmp/pinprobe-bench-usage.{os.getpid()}")


def run_child(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL):
    """(wall s, cpu s, maxrss KiB, exit code) of one child.

    Through /usr/bin/time rather than this process's wait4(): Linux folds the RSS of the
    process that forked into the child's ru_maxrss at exec, and this driver grows to tens of
    MiB reading the 2000-target reports; time(1) is a small parent."""
    start = time.perf_counter()
    proc = subprocess.Popen(["/usr/bin/time", "-f", "%U %S %M", "-o", str(USAGE_FILE), *argv],
                            stdin=stdin, stdout=stdout, stderr=subprocess.DEVNULL)
    code = proc.wait()
    wall = time.perf_counter() - start
    user, system, rss = USAGE_FILE.read_text().split()[-3:]
    return wall, float(user) + float(system), int(rss), code


def run_sequence(argvs):
    """Runs each argv in turn: total wall, summed CPU, largest maxrss, non-zero exits."""
    start = time.perf_counter()
    cpu, rss, bad = 0.0, 0, 0
    for argv in argvs:
        _, c, r, code = run_child(argv)
        cpu += c
        rss = max(rss, r)
        bad += code != 0
    return time.perf_counter() - start, cpu, rss, bad


def proc_cpu(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_hwm(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


class Series:
    def __init__(self):
        self.wall, self.cpu, self.rss = [], [], []
        self.notes = set()

    def add(self, wall, cpu, rss):
        self.wall.append(wall)
        self.cpu.append(cpu)
        self.rss.append(rss)

    def med(self, what="wall"):
        return statistics.median(getattr(self, what))

    def span(self, what="wall", scale=1000.0, digits=0):
        values = getattr(self, what)
        f = f"{{:.{digits}f}}"
        return (f"{f.format(statistics.median(values) * scale)} "
                f"({f.format(min(values) * scale)}–{f.format(max(values) * scale)})")


# ----------------------------------------------------------------------------------- plans

ORG = "acme"
# The groups of the built-in domains.yaml, moved under bench.test: (name, allowlist suffix,
# pins, hosts, expect_client_cert_request).
DEFAULT_GROUPS = [
    ("okta-org", "okta", "lab", ["{org}", "login"], False),
    ("okta-mtls", "mtls.okta", "lab", ["{org}"], True),
    ("oktapreview-org", "oktapreview", "lab", ["{org}"], False),
    ("oktapreview-mtls", "mtls.oktapreview", "lab", ["{org}"], True),
    ("oktacdn", "oktacdn", "lab", ["global", "ok1static", "ok12static"], False),
    ("okta-emea-org", "okta-emea", "lab", ["{org}"], False),
    ("okta-emea-mtls", "mtls.okta-emea", "lab", ["{org}"], True),
    ("okta-kerberos", "kerberos.okta", "lab", ["{org}"], False),
    ("okta-emea-kerberos", "kerberos.okta-emea", "lab", ["{org}"], False),
    ("oktapreview-kerberos", "kerberos.oktapreview", "lab", ["{org}"], False),
    ("okta-gov-org", "okta-gov", "none", ["{org}"], False),
    ("okta-gov-mtls", "mtls.okta-gov", "none", ["{org}"], True),
    ("okta-mil-org", "okta-mil", "none", ["{org}"], False),
    ("okta-mil-mtls", "mtls.okta-mil", "none", ["{org}"], True),
    ("mapbox", "mapbox", "none", ["api"], False),
]


def group_yaml(name, allowlist, pins, port, hosts, mtls=False):
    quoted = ", ".join(f'"{h}"' for h in hosts)
    text = (f"  - name: {name}\n    allowlist: \"{allowlist}\"\n    pins: {pins}\n"
            f"    ports: [{port}]\n    hosts: [{quoted}]\n")
    if mtls:
        text += "    expect_client_cert_request: true\n"
    return text


def default_hosts():
    return [f"{h.replace('{org}', ORG)}.{suffix}.bench.test"
            for _, suffix, _, hosts, _ in DEFAULT_GROUPS for h in hosts]


def fleet_hosts(n):
    return [f"n{i:04d}.bench.test" for i in range(1, n + 1)]


def write_plan(path, lab, groups, static_urls=()):
    urls = "".join(f"    - \"{u}\"\n" for u in static_urls)
    path.write_text("version: 1\ngroups:\n" + "".join(groups) +
                    "revocation:\n  from_chain: true\n" +
                    (f"  urls:\n{urls}" if urls else "  urls: []\n"))


def default_groups(lab):
    return [group_yaml(name, f"*.{suffix}.bench.test", pins, lab["NGX"],
                       [f"{h}.{suffix}.bench.test" for h in hosts], mtls)
            for name, suffix, pins, hosts, mtls in DEFAULT_GROUPS]


# ------------------------------------------------------------------------------ the bench


class Bench:
    def __init__(self, args):
        self.args = args
        self.state = Path(args.state)
        self.lab = dict(line.split("=", 1) for line in
                        (self.state / "lab.env").read_text().split())
        self.pki = self.state / "pki"
        self.work = self.state / "work"
        self.work.mkdir(exist_ok=True)
        self.procs = []
        self.blackbox = {}
        self.sections = []
        self.goals = []

    def addr(self, delay_ms):
        return self.lab["LAB_ADDR"] if delay_ms == 0 else self.lab["SLOW_ADDR"]

    # -- lab processes
    def start_relay(self, delay_ms):
        ports = [self.lab["NGX"], self.lab["WEB"], self.lab["OCSP_FRONT"]]
        proc = subprocess.Popen([sys.executable, __file__, "relay", "--listen", self.lab["SLOW_ADDR"],
                                 "--upstream", self.lab["LAB_ADDR"], "--delay-ms", str(delay_ms),
                                 "--ports", ",".join(ports)], stdout=subprocess.PIPE, text=True)
        proc.stdout.readline()
        self.procs.append(proc)

    def start_blackbox(self, delay_ms, names):
        addr = self.addr(delay_ms)
        hosts = self.work / f"hosts{delay_ms}"
        hosts.write_text("127.0.0.1 localhost\n" + "".join(f"{addr} {n}\n" for n in names))
        conf = self.work / "blackbox.yml"
        conf.write_text(f"""modules:
  tls_connect:
    prober: tcp
    timeout: 5s
    tcp:
      tls: true
      preferred_ip_protocol: ip4
      tls_config:
        ca_file: {self.pki / 'root.pem'}
""")
        port = free_port()
        script = (f"mount --bind {hosts} /etc/hosts && exec prometheus-blackbox-exporter "
                  f"--config.file={conf} --web.listen-address=127.0.0.1:{port} --log.level=error")
        proc = subprocess.Popen(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                                 script], stderr=subprocess.DEVNULL)
        self.procs.append(proc)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        self.blackbox[delay_ms] = (proc.pid, port)

    def stop(self):
        USAGE_FILE.unlink(missing_ok=True)
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()

    # -- commands
    def pinprobe(self, plan, delay_ms, out, extra=(), fmt="json"):
        dns = self.lab["DNS0"] if delay_ms == 0 else self.lab["DNS50"]
        return [self.args.pinprobe, "check", "--domains", str(plan), "--pins",
                str(self.state / "pins"), "--org", ORG, "--dns-server", f"127.0.0.1:{dns}",
                "--ca-file", str(self.pki / "root.pem"), "--public-roots",
                str(self.pki / "root.pem"), "--no-proxy", "--format", fmt,
                "--output", str(out), *extra]

    def s_client(self, names, delay_ms):
        addr = self.addr(delay_ms)
        return [["openssl", "s_client", "-connect", f"{addr}:{self.lab['NGX']}", "-servername",
                 n, "-CAfile", str(self.pki / "root.pem"), "-verify_return_error", "-brief"]
                for n in names]

    def curl_config(self, names, delay_ms, tag):
        addr = self.addr(delay_ms)
        port = self.lab["NGX"]
        cfg = self.work / f"curl-{tag}-{delay_ms}.cfg"
        cfg.write_text(f"cacert = \"{self.pki / 'root.pem'}\"\nsilent\nfail\n" +
                       "".join(f"resolve = \"{n}:{port}:{addr}\"\n" for n in names) +
                       "".join(f"url = \"https://{n}:{port}/\"\noutput = \"/dev/null\"\n"
                               for n in names))
        return cfg

    def curl_seq(self, names, delay_ms):
        addr = self.addr(delay_ms)
        port = self.lab["NGX"]
        return [["curl", "-s", "-f", "-o", "/dev/null", "--cacert", str(self.pki / "root.pem"),
                 "--resolve", f"{n}:{port}:{addr}", f"https://{n}:{port}/"] for n in names]

    def curl_par(self, names, delay_ms):
        cfg = self.curl_config(names, delay_ms, len(names))
        return ["curl", "-Z", "--parallel-max", "256", "-K", str(cfg)]

    # -- one measurement of each tool
    def measure_pinprobe(self, series, plan, delay_ms, extra=()):
        out = self.work / "report.json"
        wall, cpu, rss, code = run_child(self.pinprobe(plan, delay_ms, out, extra))
        series.add(wall, cpu, rss)
        series.last_report = out.read_text() if out.exists() else ""
        series.last_code = code

    def measure_blackbox(self, series, names, delay_ms):
        pid, port = self.blackbox[delay_ms]
        outdir = self.work / "bb"
        outdir.mkdir(exist_ok=True)
        cfg = self.work / f"bb-{len(names)}-{delay_ms}.cfg"
        cfg.write_text("silent\n" + "".join(
            f"url = \"http://127.0.0.1:{port}/probe?target={n}:{self.lab['NGX']}"
            f"&module=tls_connect\"\noutput = \"{outdir / str(i)}\"\n"
            for i, n in enumerate(names)))
        cpu0 = proc_cpu(pid)
        wall, _, _, _ = run_child(["curl", "-Z", "--parallel-max", "256", "-K", str(cfg)])
        series.add(wall, proc_cpu(pid) - cpu0, proc_hwm(pid))
        ok = sum("probe_success 1" in (outdir / str(i)).read_text()
                 for i in range(len(names)) if (outdir / str(i)).exists())
        if ok != len(names):
            series.notes.add(f"{len(names) - ok} probes failed")

    def measure_seq(self, series, argvs):
        wall, cpu, rss, bad = run_sequence(argvs)
        series.add(wall, cpu, rss)
        if bad:
            series.notes.add(f"{bad} failed")

    def measure_one(self, series, argv):
        wall, cpu, rss, code = run_child(argv)
        series.add(wall, cpu, rss)
        if code:
            series.notes.add(f"exit {code}")

    # -- report checks
    @staticmethod
    def summary(text):
        """(targets, targets with a DNS_* error, finding codes with counts) of a JSON report."""
        report = json.loads(text)
        codes, dns_bad = {}, 0
        for target in report["targets"]:
            for finding in target["findings"]:
                codes[finding["code"]] = codes.get(finding["code"], 0) + 1
            if any(f["code"].startswith("DNS_") and f["severity"] != "info"
                   for f in target["findings"]):
                dns_bad += 1
        for entry in report.get("revocation", []):
            for finding in entry.get("findings", []):
                codes[finding["code"]] = codes.get(finding["code"], 0) + 1
        return len(report["targets"]), dns_bad, codes

    def codes_line(self, series):
        if not series.last_report:
            return f"no report (exit {series.last_code})"
        n, dns_bad, codes = self.summary(series.last_report)
        listed = ", ".join(f"{c} ×{k}" for c, k in sorted(codes.items()))
        return f"{n} targets, {n - dns_bad} resolved; findings: {listed}"

    # -- sections
    def side_by_side(self, delay_ms, with_sequential):
        runs = self.args.runs
        names = fleet_hosts(20)
        plan20 = self.work / "fleet20.yaml"
        plan_default = self.work / "default.yaml"
        rows = {k: Series() for k in
                ["pp20", "ppdef", "sclient", "curlseq", "curlpar", "blackbox"]}
        for _ in range(runs):
            self.measure_pinprobe(rows["pp20"], plan20, delay_ms)
            self.measure_pinprobe(rows["ppdef"], plan_default, delay_ms)
            if with_sequential:
                self.measure_seq(rows["sclient"], self.s_client(names, delay_ms))
                self.measure_seq(rows["curlseq"], self.curl_seq(names, delay_ms))
            self.measure_one(rows["curlpar"], self.curl_par(names, delay_ms))
            self.measure_blackbox(rows["blackbox"], names, delay_ms)
        pp = rows["pp20"].med()
        lines = [f"### D = {delay_ms} ms: 20 names side by side ({runs} runs)", "",
                 "| tool (what it does) | wall ms, median (min–max) | CPU ms | peak RSS MiB "
                 "| pinprobe 20-name wall / this |", "|---|---|---|---|---|"]

        def row(label, key):
            s = rows[key]
            if not s.wall:
                return
            note = f" — {', '.join(sorted(s.notes))}" if s.notes else ""
            lines.append(f"| {label}{note} | {s.span()} | {s.span('cpu')} | "
                         f"{statistics.median(s.rss) / 1024:.1f} | {pp / s.med():.2f} |")

        row("`pinprobe check`, 20 names: DNS + TLS + pins + CRL + OCSP", "pp20")
        row("`pinprobe check`, default-shaped plan (18 names, 15 groups, 6 mTLS, 5 static "
            "CRLs)", "ppdef")
        row("`openssl s_client` one after another (handshake + verify)", "sclient")
        row("`curl` one after another (handshake + verify + GET)", "curlseq")
        row("`curl -Z` in parallel (handshake + verify + GET)", "curlpar")
        row("`blackbox_exporter` tls_connect, 20 `/probe` in parallel (handshake + verify; "
            "CPU and RSS of the exporter)", "blackbox")
        lines += ["", f"pinprobe 20 names: {self.codes_line(rows['pp20'])}  ",
                  f"default-shaped plan: {self.codes_line(rows['ppdef'])}", ""]
        self.sections.append("\n".join(lines))
        if delay_ms == 0:
            if rows["sclient"].wall:
                self.goal("D=0: 20-name full check ≤ 0.5 × sequential `openssl s_client`",
                          pp / rows["sclient"].med(), 0.5, "×")
            self.goal("D=0: 20-name full check ≤ 0.8 × parallel blackbox_exporter",
                      pp / rows["blackbox"].med(), 0.8, "×")
            self.goal("default plan peak RSS ≤ 40 MiB",
                      statistics.median(rows["ppdef"].rss) / 1024, 40, " MiB")

    def latency_path(self, delay_ms, n):
        runs = self.args.runs
        one, many, curl, bb = Series(), Series(), Series(), Series()
        plan1 = self.work / "fleet1.yaml"
        plan_n = self.work / f"fleet{n}.yaml"
        for _ in range(runs):
            self.measure_pinprobe(one, plan1, delay_ms)
            self.measure_pinprobe(many, plan_n, delay_ms)
            self.measure_one(curl, self.curl_par(fleet_hosts(n), delay_ms))
            self.measure_blackbox(bb, fleet_hosts(n), delay_ms)
        ratio = many.med() / one.med()
        self.sections.append("\n".join([
            f"### D = {delay_ms} ms: {n} names against one target's full path ({runs} runs)", "",
            "| run | wall ms, median (min–max) | CPU ms | ratio |", "|---|---|---|---|",
            f"| 1 name (DNS, TLS, CRL ×2, OCSP: the full path) | {one.span()} | "
            f"{one.span('cpu')} | 1 |",
            f"| {n} names | {many.span()} | {many.span('cpu')} | {ratio:.2f} |",
            f"| the lab's floor: `curl -Z`, {n} names, handshake + GET only | {curl.span()} | "
            f"{curl.span('cpu')} | {curl.med() / one.med():.2f} |",
            f"| the lab's floor: blackbox_exporter, {n} `/probe` in parallel | {bb.span()} | "
            f"{bb.span('cpu')} (exporter) | {bb.med() / one.med():.2f} |", "",
            f"{n} names: {self.codes_line(many)}", ""]))
        self.goal(f"D={delay_ms} ms, N={n}: wall ≤ 1.5 × one target's full path", ratio, 1.5, "×")

    def scale(self, sizes):
        runs = self.args.runs
        series = {n: Series() for n in sizes}
        text_rss = {}
        peers = {n: (Series(), Series()) for n in sizes}
        for run in range(runs):
            for n in sizes:
                if run == 0:  # the text report a person reads: no JSON document in memory
                    _, _, rss, _ = run_child(self.pinprobe(self.work / f"fleet{n}.yaml", 0,
                                                           self.work / "report.txt",
                                                           ["--quiet"], "text"))
                    text_rss[n] = rss
                self.measure_pinprobe(series[n], self.work / f"fleet{n}.yaml", 0)
                if n <= 200:  # 2000 curl transfers take 10-40 s: the table keeps blackbox
                    self.measure_one(peers[n][0], self.curl_par(fleet_hosts(n), 0))
                self.measure_blackbox(peers[n][1], fleet_hosts(n), 0)
        lines = [f"### D = 0 ms: scale ({runs} runs)", "",
                 "| N | pinprobe wall ms | targets/s | CPU ms (per target) "
                 "| peak RSS MiB, json (text) "
                 "| `curl -Z` wall ms | blackbox wall ms (exporter CPU ms) | resolved |",
                 "|---|---|---|---|---|---|---|---|"]
        for n in sizes:
            s = series[n]
            _, dns_bad, _ = self.summary(s.last_report) if s.last_report else (0, n, {})
            curl, bb = peers[n]
            lines.append(
                f"| {n} | {s.span()} | {n / s.med():.0f} | {s.med('cpu') * 1000:.0f} "
                f"({s.med('cpu') * 1000 / n:.3f}) | {statistics.median(s.rss) / 1024:.1f} "
                f"({text_rss[n] / 1024:.1f}) "
                f"| {curl.span() if curl.wall else '—'} | {bb.span()} "
                f"({bb.med('cpu') * 1000:.0f}) | "
                f"{n - dns_bad}/{n} |")
        big = max(sizes)
        s = series[big]
        lines += ["", f"N = {big}: {self.codes_line(s)}", ""]
        self.sections.append("\n".join(lines))
        _, dns_bad, _ = self.summary(s.last_report) if s.last_report else (0, big, {})
        self.goal(f"N={big}: all resolved", big - dns_bad, big, f"/{big}", at_least=True)
        self.goal(f"N={big}: ≥ 1000 targets/s", big / s.med(), 1000, "/s", at_least=True)
        self.goal(f"N={big}: ≤ 0.5 ms CPU per target", s.med("cpu") * 1000 / big, 0.5, " ms")
        self.goal(f"N={big}: peak RSS ≤ 64 MiB, JSON report", statistics.median(s.rss) / 1024,
                  64, " MiB")
        self.goal(f"N={big}: peak RSS ≤ 64 MiB, text report", text_rss[big] / 1024, 64, " MiB")

    def black_holes(self, ks, timeout_s):
        runs = self.args.runs
        hole = BlackHole(self.lab["LAB_ADDR"])
        base = default_groups(self.lab)
        for k in ks:
            names = [f"bh{i:03d}.bench.test" for i in range(1, k + 1)]
            write_plan(self.work / f"hole{k}.yaml", self.lab, base + [group_yaml(
                "blackhole", "*.bench.test", "lab", hole.port, names)])
        extra = ["--timeout", f"{timeout_s}s"] if timeout_s != 5 else []
        series = {k: Series() for k in ks}
        for _ in range(runs):
            for k in ks:
                self.measure_pinprobe(series[k], self.work / f"hole{k}.yaml", 0, extra)
        lines = [f"### D = 0 ms: k black-holed names (SYNs dropped) added to the default-shaped "
                 f"plan, --timeout {timeout_s}s ({runs} runs)", "",
                 "| k | wall ms, median (min–max) | wall − one timeout, ms |", "|---|---|---|"]
        for k in ks:
            lines.append(f"| {k} | {series[k].span()} | "
                         f"{(series[k].med() - timeout_s) * 1000:.0f} |")
        lines += ["", f"k = {max(ks)}: {self.codes_line(series[max(ks)])}", ""]
        self.sections.append("\n".join(lines))
        worst = max(series[k].med() for k in ks) - timeout_s
        self.goal(f"k ≤ {max(ks)} black holes: one timeout + ≤ 0.5 s", worst, 0.5, " s")
        for s in hole.fillers:
            s.close()
        hole.listener.close()

    def goal(self, text, value, bound, unit, at_least=False):
        met = value >= bound if at_least else value <= bound
        shown = f"{value:.0f}" if abs(value) >= 100 else f"{value:.2f}"
        self.goals.append(f"| {text} | {shown}{unit} | {'met' if met else '**not met**'} |")

    def run(self):
        quick = self.args.quick
        sizes = [20, 200] if quick else [20, 200, 2000]
        for n in sorted(set(sizes + [1, 20, 100, 200])):
            write_plan(self.work / f"fleet{n}.yaml", self.lab,
                       [group_yaml("fleet", "*.bench.test", "lab", self.lab["NGX"],
                                   fleet_hosts(n))])
        web = self.lab["WEB"]
        static = [f"http://crl.bench.test:{web}/{f}.crl"
                  for f in ["issuing", "root", "static1", "static2", "static3"]]
        write_plan(self.work / "default.yaml", self.lab, default_groups(self.lab), static)
        names = default_hosts() + fleet_hosts(max(sizes))
        self.start_blackbox(0, names)
        self.start_blackbox(50, names)
        self.start_relay(50)
        started = time.perf_counter()
        self.side_by_side(0, True)
        self.side_by_side(50, not quick)
        self.latency_path(50, 100 if quick else 200)
        self.scale(sizes)
        self.black_holes([1, 100] if quick else [1, 10, 100], 1 if quick else 5)
        elapsed = time.perf_counter() - started
        cpu = os.cpu_count()
        load = os.getloadavg()
        head = [f"## pinprobe benchmark ({'quick' if quick else 'full'})", "",
                f"Machine: {cpu} CPUs, {platform_line()}; load average {load[0]:.1f} "
                f"{load[1]:.1f} {load[2]:.1f} at the end; measurements took {elapsed:.0f} s.",
                "Lab in a private network namespace (loopback only, 198.18.0.1/.2): nginx (2 workers, one ECDSA P-256 wildcard leaf, root → "
                "issuing → leaf), CRLs from nginx, `openssl ocsp` behind nginx, dnsmasq; "
                "D = 50 ms through a user-space relay on 198.18.0.2 (+D on connection setup, "
                "+D on every server response).", ""]
        goals = ["### Goals", "", "| goal | measured | |", "|---|---|---|", *self.goals, ""]
        text = "\n".join(head + self.sections + goals)
        print(text)
        if self.args.out:
            Path(self.args.out).write_text(text + "\n")


def platform_line():
    try:
        model = next(l.split(":", 1)[1].strip() for l in
                     Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name"))
    except StopIteration:
        model = "unknown CPU"
    return f"{model}, Linux {os.uname().release}"


def free_port():
    # The integration fixtures' reservation (tests/integration/lib/reserve_port.py): a port below
    # the ephemeral range, claimed so that nothing else running picks it meanwhile.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests/integration/lib"))
    import reserve_port  # noqa: E402 (located at run time)
    return reserve_port.reserve()


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    relay = sub.add_parser("relay")
    relay.add_argument("--listen", required=True)
    relay.add_argument("--upstream", required=True)
    relay.add_argument("--ports", required=True)
    relay.add_argument("--delay-ms", type=float, required=True)
    run = sub.add_parser("run")
    run.add_argument("--pinprobe", required=True)
    run.add_argument("--state", required=True)
    run.add_argument("--runs", type=int, default=5)
    run.add_argument("--quick", action="store_true")
    run.add_argument("--out")
    args = parser.parse_args()
    if args.command == "relay":
        ports = [int(p) for p in args.ports.split(",")]
        asyncio.run(relay_main(args.listen, args.upstream, ports, args.delay_ms / 1000))
        return 0
    bench = Bench(args)
    try:
        bench.run()
    finally:
        bench.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
