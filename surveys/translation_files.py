"""Translation files: the source file a translator fills in, and reading the file she returns.

Two formats: CSV (columns `key`, `source`, `translation`; comma or semicolon, UTF-8) and XLIFF
1.2 (`trans-unit` id = key, `source`, `target`). A file is at most MAX_BYTES; an XML file with a
document type or an entity declaration is refused before it is parsed, so no entity expands.
Reading only gathers the texts; whether they make a translation is `translations.translation_problems`.
"""

import csv
import io
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from xml.parsers import expat

from django.utils.translation import gettext as _

MAX_BYTES = 1_000_000
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
CSV_HEADER = ("key", "source", "translation")


class TranslationFileError(ValueError):
    """The file cannot be read as a translation file; the message is Danish for the user."""


@dataclass(frozen=True)
class TranslationFile:
    texts: dict[str, str]  # key → the translation
    sources: dict[str, str]  # key → the Danish text the translator had
    target_language: str = ""


def source_file_name(questionnaire, extension: str) -> str:
    return f"oversaettelse-{questionnaire.key}-v{questionnaire.version}.{extension}"


def source_csv(source: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for key, text in source.items():
        writer.writerow([key, text, ""])
    return "\ufeff" + out.getvalue()  # the BOM: a spreadsheet then reads Danish letters right


def source_xliff(source: dict[str, str], *, original: str) -> bytes:
    ElementTree.register_namespace("", XLIFF_NS)
    root = ElementTree.Element(f"{{{XLIFF_NS}}}xliff", {"version": "1.2"})
    file = ElementTree.SubElement(
        root,
        f"{{{XLIFF_NS}}}file",
        {"original": original, "source-language": "da", "datatype": "plaintext"},
    )
    body = ElementTree.SubElement(file, f"{{{XLIFF_NS}}}body")
    for key, text in source.items():
        unit = ElementTree.SubElement(body, f"{{{XLIFF_NS}}}trans-unit", {"id": key})
        ElementTree.SubElement(unit, f"{{{XLIFF_NS}}}source").text = text
        ElementTree.SubElement(unit, f"{{{XLIFF_NS}}}target").text = ""
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def translation_file_read(*, name: str, content: bytes) -> TranslationFile:
    if len(content) > MAX_BYTES:
        raise TranslationFileError(_("The file is too large. A translation file may be at most 1 MB."))
    lowered = name.lower()
    if lowered.endswith((".xlf", ".xliff", ".xml")):
        return _xliff_read(content)
    if lowered.endswith((".csv", ".txt")):
        return _csv_read(content)
    raise TranslationFileError(_("Upload a CSV file (.csv) or an XLIFF file (.xlf or .xliff)."))


def _csv_read(content: bytes) -> TranslationFile:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TranslationFileError(_("The CSV file must be saved as UTF-8.")) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows or tuple(cell.strip().lower() for cell in rows[0][:3]) != CSV_HEADER:
        raise TranslationFileError(_("The CSV file's first row must be the columns key, source and translation."))
    texts, sources = {}, {}
    for row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        key = row[0].strip()
        sources[key] = row[1] if len(row) > 1 else ""
        texts[key] = row[2] if len(row) > 2 else ""
    return TranslationFile(texts=texts, sources=sources)


def _xliff_read(content: bytes) -> TranslationFile:
    try:
        head = content.decode("utf-8-sig").upper()
    except UnicodeDecodeError as error:  # another encoding could hide a declaration from the check
        raise TranslationFileError(_("The XLIFF file must be saved as UTF-8.")) from error
    if "<!DOCTYPE" in head or "<!ENTITY" in head:
        raise TranslationFileError(_("The XLIFF file may not contain a document type or entities."))
    try:
        root = _parse(content)
    except expat.ExpatError as error:
        raise TranslationFileError(_("The XLIFF file could not be read: it is not valid XML.")) from error
    if root.tag != f"{{{XLIFF_NS}}}xliff" or root.get("version") != "1.2":
        raise TranslationFileError(_("The file is not an XLIFF 1.2 file."))
    texts, sources, target_language = {}, {}, ""
    for file in root.iter(f"{{{XLIFF_NS}}}file"):
        target_language = target_language or (file.get("target-language") or "")
        for unit in file.iter(f"{{{XLIFF_NS}}}trans-unit"):
            key = (unit.get("id") or "").strip()
            source = unit.find(f"{{{XLIFF_NS}}}source")
            target = unit.find(f"{{{XLIFF_NS}}}target")
            sources[key] = "".join(source.itertext()) if source is not None else ""
            texts[key] = "".join(target.itertext()) if target is not None else ""
    return TranslationFile(texts=texts, sources=sources, target_language=target_language)


def _refuse_declaration(*args):
    raise TranslationFileError(_("The XLIFF file may not contain a document type or entities."))


def _parse(content: bytes) -> ElementTree.Element:
    """Expat into an element tree, with document types and entity declarations refused (should
    the check before parsing miss one), so nothing is expanded or fetched."""
    builder = ElementTree.TreeBuilder()
    parser = expat.ParserCreate(namespace_separator="}")

    def name(raw: str) -> str:
        return "{" + raw if "}" in raw else raw

    parser.StartElementHandler = lambda tag, attrs: builder.start(name(tag), {name(k): v for k, v in attrs.items()})
    parser.EndElementHandler = lambda tag: builder.end(name(tag))
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = _refuse_declaration
    parser.EntityDeclHandler = _refuse_declaration
    parser.ExternalEntityRefHandler = _refuse_declaration
    parser.Parse(content, True)
    return builder.close()
