"""PDF preview of a report through LibreOffice (optional: detected, never required).

`soffice --headless --convert-to pdf` runs in a fresh temporary directory with its own
profile (-env:UserInstallation), so concurrent conversions do not share LibreOffice's
lock and a crashed run leaves nothing behind. The PDF is an approximate preview: the
server substitutes free fonts (Noto CJK) for 仿宋_GB2312, 方正小标宋简体 and the others; the
.docx opened in Word or WPS is the document of record.
"""

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

TIMEOUT_SECONDS = 120
CANDIDATES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


# The fonts the document names → free fonts the server may have, for the preview only
# (a private fontconfig file; the system's configuration is included first).
FONT_SUBSTITUTES = {
    "仿宋_GB2312": ["FandolFang", "Noto Serif CJK SC", "Source Han Serif SC"],
    "仿宋": ["FandolFang", "Noto Serif CJK SC", "Source Han Serif SC"],
    "楷体_GB2312": ["LXGW WenKai", "AR PL UKai CN", "FandolKai", "Noto Serif CJK SC"],
    "楷体": ["LXGW WenKai", "AR PL UKai CN", "FandolKai", "Noto Serif CJK SC"],
    "黑体": ["Noto Sans CJK SC", "Source Han Sans SC"],
    "方正小标宋简体": ["Noto Serif CJK SC", "Source Han Serif SC"],
    "宋体": ["Noto Serif CJK SC", "Source Han Serif SC"],
}


def _fontconfig(directory: Path) -> Path:
    aliases = "".join(
        f"<alias binding=\"same\"><family>{name}</family><prefer>"
        + "".join(f"<family>{f}</family>" for f in families) + "</prefer></alias>"
        for name, families in FONT_SUBSTITUTES.items())
    path = directory / "fonts.conf"
    path.write_text(
        "<?xml version=\"1.0\"?><!DOCTYPE fontconfig SYSTEM \"fonts.dtd\"><fontconfig>"
        "<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>"
        f"{aliases}</fontconfig>", encoding="utf-8")
    return path


class PdfUnavailable(Exception):
    """LibreOffice is not installed (or not where ZEREN_SOFFICE says)."""

    def __init__(self, message: str = "服务器未安装 LibreOffice（soffice），无法生成 PDF；"
                                      "请下载 Word 文档。"):
        super().__init__(message)


class PdfConversionError(Exception):
    """LibreOffice ran but produced no PDF (or ran out of time)."""


def soffice_path() -> str | None:
    """The soffice executable: ZEREN_SOFFICE (setting or environment), then PATH, then the
    usual install locations; None when there is none."""
    configured = getattr(settings, "ZEREN_SOFFICE", None) or os.environ.get("ZEREN_SOFFICE")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((c for c in CANDIDATES if os.access(c, os.X_OK)), None)


def pdf_available() -> bool:
    return soffice_path() is not None


def docx_to_pdf(data: bytes, *, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """Convert .docx bytes to PDF bytes. Raises PdfUnavailable without LibreOffice and
    PdfConversionError when the conversion fails or takes longer than `timeout` seconds."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable()
    with tempfile.TemporaryDirectory(prefix="zeren-pdf-") as tmp:
        work = Path(tmp)
        source = work / "report.docx"
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", "pdf:writer_pdf_Export",
            "--outdir", str(work),
            str(source),
        ]
        env = {**os.environ, "HOME": str(work),
               "FONTCONFIG_FILE": str(_fontconfig(work))}
        try:
            # Its own process group, so a timeout ends soffice.bin too, not only the launcher.
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       env=env, cwd=work, start_new_session=True)
        except OSError as exc:
            raise PdfUnavailable(f"无法运行 LibreOffice（{soffice}）：{exc}")
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfConversionError(f"LibreOffice 在 {timeout} 秒内未能完成 PDF 转换。")
        target = work / "report.pdf"
        if process.returncode != 0 or not target.exists() or target.stat().st_size == 0:
            detail = (stderr or stdout).decode("utf-8", "replace").strip()[:300]
            raise PdfConversionError(
                f"LibreOffice 转换 PDF 失败（退出码 {process.returncode}）：{detail or '无输出'}")
        return target.read_bytes()
