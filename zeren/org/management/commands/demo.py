"""`zeren demo [--password P] [--if-empty] [--no-photos] [--scale county]`: build the
fictional 示范县教育局 and its demo ledger (idempotent); `--scale county` then grows it to
county scale for load testing (zeren/ledger/scale.py)."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zeren.ledger.demo import build_ledger_demo
from zeren.org.demo import build_demo, check_password_policy, plan
from zeren.org.models import Unit


class Command(BaseCommand):
    help = "生成示范县教育局演示数据（固定随机种子，可重复运行）。Build the demo county."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="所有演示账号统一使用此密码（须符合密码策略）")
        parser.add_argument("--if-empty", action="store_true",
                            help="数据库中已有单位时什么也不做（make run 使用）")
        parser.add_argument("--no-photos", action="store_true",
                            help="不生成亮点记录的示例照片")
        parser.add_argument("--scale", choices=["county"],
                            help="county：在演示数据基础上扩充到县级规模（约300个单位、6000人、"
                                 "三年18万条台账记录），用于性能测试；汇报数字将不再等于参考值")

    def handle(self, *args, password=None, if_empty=False, no_photos=False, scale=None,
               **options):
        if if_empty and Unit.objects.exists():
            self.stdout.write("数据库中已有单位数据，跳过演示数据。")
            return
        if password is not None:
            try:
                check_password_policy(password, [u.username for u in plan().users])
            except ValidationError as exc:
                raise CommandError("--password 不符合密码策略：" + "；".join(exc.messages))
        started = time.monotonic()
        try:
            result = build_demo(password=password)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages))
        ledger = build_ledger_demo(photos=not no_photos)
        self.stdout.write(self.style.SUCCESS(
            f"示范县演示数据就绪（{time.monotonic() - started:.1f} 秒）：新建单位 "
            f"{result.created_units} 个、人员 {result.created_people} 名、职责 "
            f"{result.created_positions} 项、包抓 {result.created_assignments} 项、账号 "
            f"{result.created_users} 个。"
        ))
        self.stdout.write(
            f"演示台账：新建台账记录 {ledger.created_activities} 条、宣传队 "
            f"{ledger.created_teams} 支、稿件 {ledger.created_articles} 篇、党员承诺 "
            f"{ledger.created_commitments} 项（践诺记录 {ledger.created_fulfilments} 条）、"
            f"示例照片 {ledger.created_evidence} 张。"
        )
        self.stdout.write(self._table(result.accounts, password is not None))
        if scale == "county":
            from zeren.ledger.scale import build_county_scale

            started = time.monotonic()
            built = build_county_scale(progress=self.stdout.write)
            self.stdout.write(self.style.SUCCESS(
                f"县级规模数据就绪（{time.monotonic() - started:.1f} 秒）：{built.summary()}"))

    def _table(self, rows, shared: bool) -> str:
        header = ("用户名", "角色", "所属单位", "密码")
        lines = [header] + [(a.username, a.role_label, a.unit_name, a.password) for a in rows]

        def width(text: str) -> int:  # CJK characters take two columns in a terminal
            return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)

        widths = [max(width(line[i]) for line in lines) for i in range(4)]
        out = []
        for number, line in enumerate(lines):
            out.append("  ".join(cell + " " * (widths[i] - width(cell))
                                 for i, cell in enumerate(line)).rstrip())
            if number == 0:
                out.append("  ".join("-" * w for w in widths))
        if shared:
            out.append("（所有演示账号使用 --password 指定的密码。）")
        else:
            out.append("（随机密码只显示这一次，请妥善保存；“未改变”表示账号已存在。）")
        return "\n".join(out)
