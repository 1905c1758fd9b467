"""`zeren prune_audit --days N [--dry-run]`: delete audit events older than N days.

N may not be less than ZEREN_AUDIT_RETENTION_DAYS (never below 180: 网络安全法
第二十一条 requires network logs be kept at least six months). The pruning itself
is recorded as a PRUNE audit event, with the count.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from zeren.core import audit
from zeren.core.models import AuditEvent


class Command(BaseCommand):
    help = "删除早于 N 天的审计日志（N 不得小于保留期限 ZEREN_AUDIT_RETENTION_DAYS）。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, required=True,
                            help="删除早于这么多天的审计事件")
        parser.add_argument("--dry-run", action="store_true",
                            help="只统计将删除的条数，不删除")

    def handle(self, *args, days: int, dry_run: bool, **options):
        minimum = settings.ZEREN_AUDIT_RETENTION_DAYS
        if days < minimum:
            raise CommandError(
                f"拒绝执行：审计日志至少保留 {minimum} 天（ZEREN_AUDIT_RETENTION_DAYS），"
                f"--days {days} 少于该期限。"
            )
        cutoff = timezone.now() - datetime.timedelta(days=days)
        stamp = timezone.localtime(cutoff).strftime("%Y-%m-%d %H:%M")
        if dry_run:
            count = AuditEvent.objects.filter(time__lt=cutoff).count()
            self.stdout.write(f"试运行：将删除 {count} 条早于 {stamp} 的审计事件。")
            return
        with transaction.atomic():
            count, _ = AuditEvent.objects.prune_older_than(cutoff)
            audit.record(AuditEvent.Action.PRUNE, actor=None, username="system",
                         object_type="core.auditevent",
                         detail=f"删除 {count} 条早于 {stamp} 的审计事件（--days {days}）")
        self.stdout.write(self.style.SUCCESS(f"已删除 {count} 条早于 {stamp} 的审计事件。"))
