"""`zeren bench [--reuse] [--scale county|tiny] [--runs N] [--database FILE]`.

Builds the county-scale data (zeren/ledger/scale.py) into a SEPARATE SQLite database
(var/bench.sqlite3 by default; never the database in DATABASE_URL / var/zeren.sqlite3) and
prints the median server time of the county's hot paths beside the raw SQL computing the
same numbers (zeren/reports/bench.py). `--reuse` keeps an existing benchmark database.

The measuring runs in a child process whose DATABASE_URL points at the benchmark file,
so this process never opens the user's database for writing.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zeren.ledger.scale import SCALES


class Command(BaseCommand):
    help = "在独立的基准数据库中生成县级规模数据，测量计数、列表页和计数 API 的服务器时间。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="county",
                            help="数据规模：county（约18万条记录，默认）或 tiny（测试用）")
        parser.add_argument("--reuse", action="store_true",
                            help="沿用已有的基准数据库（不重新生成数据）")
        parser.add_argument("--runs", type=int, default=None,
                            help="每项测量的次数（取中位数；county 默认 9，tiny 默认 3）")
        parser.add_argument("--database", help="基准数据库文件（SQLite），默认 var/bench.sqlite3")
        parser.add_argument("--in-place", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, scale="county", reuse=False, runs=None, database=None,
               in_place=False, **options):
        runs = runs or (9 if scale == "county" else 3)
        if in_place:
            self._in_place(scale, reuse, runs)
            return
        path = Path(database) if database else settings.VAR_DIR / (
            "bench.sqlite3" if scale == "county" else f"bench-{scale}.sqlite3")
        path = path.resolve()
        main = settings.DATABASES["default"]
        if main["ENGINE"].endswith("sqlite3") and Path(str(main["NAME"])).resolve() == path:
            raise CommandError(f"基准数据库不能是系统使用的数据库（{path}）。")
        path.parent.mkdir(parents=True, exist_ok=True)
        if not reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "ZEREN_BENCH_CHILD": "1",
               "ZEREN_MEDIA_ROOT": str(path.parent / "bench-media")}
        command = [sys.executable, "-m", "zeren.cli", "bench", "--in-place", "--scale", scale,
                   "--runs", str(runs)] + (["--reuse"] if reuse else [])
        self.stdout.write(f"基准数据库：{path}")
        self.stdout.flush()
        done = subprocess.run(command, env=env, check=False)
        if done.returncode:
            raise CommandError(f"基准测试失败（退出码 {done.returncode}）。")

    def _in_place(self, scale, reuse, runs):
        from zeren.ledger.demo import build_ledger_demo
        from zeren.ledger.models import Activity
        from zeren.ledger.scale import build_county_scale
        from zeren.org.demo import build_demo
        from zeren.reports import bench

        name = str(connection.settings_dict["NAME"])
        child = os.environ.get("ZEREN_BENCH_CHILD") == "1"
        if not (child or name.startswith("test_") or "memory" in name):
            raise CommandError("--in-place 只用于基准数据库或测试数据库。")
        if child:
            call_command("migrate", verbosity=0)
        target = SCALES[scale].activities
        if reuse and Activity.objects.count() >= target:
            self.stdout.write("沿用已有的基准数据。")
        else:
            started = time.monotonic()
            self.stdout.write(f"生成 {scale} 规模数据……")
            build_demo()  # random passwords: the bench logs in with force_login
            build_ledger_demo(photos=False)
            built = build_county_scale(scale=scale, progress=self.stdout.write)
            self.stdout.write(f"数据生成用时 {time.monotonic() - started:.1f} 秒："
                              f"{built.summary()}")
        self.stdout.write(bench.describe_data())
        self.stdout.write(f"每项测量 {runs} 次取中位数（另有 1 次预热）。")
        self.stdout.write(bench.table(bench.measure(runs=runs)))

