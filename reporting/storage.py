"""The generated files' storage when there are several servers: the bytes in a table.

The report PDFs are written by a Celery worker and downloaded through any app server; with
`FILE_STORAGE=database` (production's default, `config/settings/base.py`) they are rows of
`reporting.StoredFile` in the shared PostgreSQL, so no server needs a disk of its own or a
shared one, and the database's backup holds them (docs/operations.md, "Several servers"). The
embedded default keeps local files (`FileSystemStorage` under `MEDIA_ROOT`).

A report's PDF is a few hundred kilobytes and written once; a table is simpler to run than an
object store for that. Everything goes through Django's storage API (`Report.pdf` is a
`FileField` on the default storage), so an S3-compatible store through django-storages can
replace this class in `STORAGES` without touching the code that writes or reads the files.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils.deconstruct import deconstructible

from reporting.models import StoredFile


@deconstructible(path="reporting.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("Files in the database storage are written with save(), not opened for writing.")
        row = StoredFile.objects.filter(name=name).values_list("content", flat=True).first()
        if row is None:
            raise FileNotFoundError(name)
        return ContentFile(bytes(row), name=name)

    def _save(self, name, content):
        if hasattr(content, "seek"):
            content.seek(0)
        data = b"".join(content.chunks())
        try:
            with transaction.atomic():  # a savepoint inside the caller's transaction
                StoredFile.objects.create(name=name, content=data, size=len(data))
        except IntegrityError as error:
            # Storage.save asked for a free name first; another process took it since.
            raise FileExistsError(name) from error
        return name

    def delete(self, name):
        StoredFile.objects.filter(name=name).delete()

    def exists(self, name):
        return StoredFile.objects.filter(name=name).exists()

    def size(self, name):
        size = StoredFile.objects.filter(name=name).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(name)
        return size

    def listdir(self, path):
        prefix = f"{path.rstrip('/')}/" if path else ""
        directories, files = set(), []
        for name in StoredFile.objects.filter(name__startswith=prefix).values_list("name", flat=True):
            head, _, tail = name[len(prefix) :].partition("/")
            if tail:
                directories.add(head)
            else:
                files.append(head)
        return sorted(directories), sorted(files)

    def get_created_time(self, name):
        created = StoredFile.objects.filter(name=name).values_list("created_at", flat=True).first()
        if created is None:
            raise FileNotFoundError(name)
        return created

    get_modified_time = get_created_time

    def url(self, name):
        # Files are downloaded only through their owner's view (its access gate and audit).
        raise NotImplementedError("Stored files have no URL; they are downloaded through their app's view.")
