"""Checking and storing evidence files: type by content (never by the name), size limit,
images re-encoded without EXIF/GPS and thumbnailed, stored under random names."""

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

THUMBNAIL_SIZE = (320, 320)
MAX_PIXELS = 60_000_000  # refuse decompression bombs

OFFICE_ZIP_TYPES = {
    "word/": (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ppt/": (".pptx",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
OLE_TYPES = {
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}
ALLOWED_HINT = "只能上传图片（JPG、PNG、GIF、WebP）、PDF 或 Office 文件（Word、Excel、PowerPoint）"


@dataclass
class CheckedFile:
    kind: str  # "image" | "pdf" | "office"
    extension: str
    content_type: str
    content: bytes
    thumbnail: bytes | None
    original_name: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def _describe(head: bytes) -> str:
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        return "可执行程序"
    if head.startswith(b"#!") or head[:5].lower() in (b"<?php", b"<html", b"<!doc", b"<scri"):
        return "脚本或网页"
    if head.startswith(b"PK\x03\x04"):
        return "压缩包"
    return "未知类型"


def _reencode_image(data: bytes, name: str) -> tuple[bytes, bytes, str, str]:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(f"图片“{name}”像素过大，无法处理。")
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(f"文件“{name}”看起来是图片，但已损坏，无法读取。")
    # Keep the orientation the camera meant, then drop every piece of metadata (EXIF, GPS).
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "P") and (
        image.mode != "P" or "transparency" in image.info
    )
    out = io.BytesIO()
    if has_alpha:
        image = image.convert("RGBA")
        image.save(out, format="PNG", optimize=True)
        ext, ctype = ".png", "image/png"
    else:
        image = image.convert("RGB")
        image.save(out, format="JPEG", quality=85, optimize=True)
        ext, ctype = ".jpg", "image/jpeg"
    thumb = image.copy()
    thumb.thumbnail(THUMBNAIL_SIZE)
    thumb_out = io.BytesIO()
    thumb.convert("RGB").save(thumb_out, format="JPEG", quality=80)
    return out.getvalue(), thumb_out.getvalue(), ext, ctype


def check_upload(uploaded) -> CheckedFile:
    """Read an uploaded file and decide what it really is, or raise a Chinese ValidationError
    naming the file. Nothing is stored here."""
    name = (getattr(uploaded, "name", "") or "文件").rsplit("/", 1)[-1][:200]
    limit = settings.ZEREN_UPLOAD_MAX_BYTES
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            f"文件“{name}”大小为 {size / 1024 / 1024:.1f} MB，"
            f"超过 {limit // 1024 // 1024} MB 上限。"
        )
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(f"文件“{name}”超过 {limit // 1024 // 1024} MB 上限。")
    if not data:
        raise ValidationError(f"文件“{name}”是空文件。")
    head = data[:16]
    lower = name.lower()
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")) or (
        head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    ):
        content, thumb, ext, ctype = _reencode_image(data, name)
        kind = "image"
    elif head.startswith(b"%PDF-"):
        content, thumb, ext, ctype, kind = data, None, ".pdf", "application/pdf", "pdf"
    elif head.startswith(b"PK\x03\x04"):
        content, thumb, kind = data, None, "office"
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            raise ValidationError(f"文件“{name}”已损坏，无法读取。")
        if "[Content_Types].xml" not in names:
            raise ValidationError(f"文件“{name}”是压缩包，不是 Office 文件。{ALLOWED_HINT}。")
        found = [t for prefix, t in OFFICE_ZIP_TYPES.items()
                 if any(n.startswith(prefix) for n in names)]
        if not found:
            raise ValidationError(f"文件“{name}”不是可识别的 Office 文件。{ALLOWED_HINT}。")
        ext, ctype = found[0]
    elif head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        ext = next((e for e in OLE_TYPES if lower.endswith(e)), ".doc")
        content, thumb, ctype, kind = data, None, OLE_TYPES[ext], "office"
    else:
        raise ValidationError(
            f"文件“{name}”的内容是{_describe(head)}，不是允许的类型。{ALLOWED_HINT}。"
        )
    return CheckedFile(kind=kind, extension=ext, content_type=ctype, content=content,
                       thumbnail=thumb, original_name=name,
                       sha256=hashlib.sha256(content).hexdigest())


def as_content_files(checked: CheckedFile) -> tuple[ContentFile, ContentFile | None]:
    main = ContentFile(checked.content, name=f"upload{checked.extension}")
    thumb = ContentFile(checked.thumbnail, name="thumb.jpg") if checked.thumbnail else None
    return main, thumb
