"""The summary's record, carried hidden in its Word document (a custom XML part).

Word and LibreOffice keep a document's custom XML parts when they save it,
untouched, so a document exported from the site still holds what the template
has no place for (region, evaluators, tags, methods, theme titles) and each
section's MyST as written. The import compares it with the visible text and
keeps it only where the visible text is unchanged: what a hub types in Word
always wins. The governance fields (status, sharing, anonymised use, wider use) are
never carried: an import is always a draft shared with the hub.
"""

from __future__ import annotations

import dataclasses as dc
import json
import uuid
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part

from ..model import FRONT_MATTER_FIELDS, HubSummary
from ..summary_text import SummaryDocument, ThemeText

if TYPE_CHECKING:
    from docx.document import Document

NAMESPACE = "urn:x-maths-hubs-evidence:summary"
FORMAT = 1
GOVERNANCE = ("status", "sharing", "anonymised_use", "wider_use")
"""Front-matter keys a Word document never sets (an import is a draft for the hub)."""
_ITEM = "/customXml/item%d.xml"
_PROPERTIES = "/customXml/itemProps%d.xml"
_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
_PROPERTIES_TYPE = (
    "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
)


def record_data(document: SummaryDocument) -> dict[str, Any]:
    """What the Word document carries of ``document``, as JSON data."""
    front = {
        name: list(value) if isinstance(value, tuple) else value
        for name in FRONT_MATTER_FIELDS
        if name not in GOVERNANCE
        and (value := getattr(document.front_matter, name)) not in ("", (), None)
    }
    return {
        "format": FORMAT,
        "front_matter": front,
        "context": document.context,
        "methods": list(document.methods),
        "activity": document.activity,
        "themes": [
            dc.asdict(theme) | {"tags": list(theme.tags)} for theme in document.themes
        ],
        "conclusion": document.conclusion,
        "appendices": document.appendices,
    }


def document_from_data(data: dict[str, Any]) -> SummaryDocument:
    """The summary ``data`` (from :func:`record_data`) holds, governance left unset."""
    front: dict[str, Any] = {
        name: tuple(value) if isinstance(value, list) else value
        for name, value in data["front_matter"].items()
        if name in FRONT_MATTER_FIELDS and name not in GOVERNANCE
    }
    return SummaryDocument(
        HubSummary(**front),
        context=data["context"],
        methods=tuple(data["methods"]),
        activity=data["activity"],
        themes=tuple(
            ThemeText(**(theme | {"tags": tuple(theme["tags"])}))
            for theme in data["themes"]
        ),
        conclusion=data["conclusion"],
        appendices=data["appendices"],
    )


def carry(word: Document, document: SummaryDocument) -> None:
    """Put ``document``'s record into the Word document, with its properties part."""
    data = record_data(document)
    root = ElementTree.Element("summary", xmlns=NAMESPACE)
    root.text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    blob = ElementTree.tostring(root, encoding="UTF-8", xml_declaration=True)
    package = word.part.package
    item = Part(package.next_partname(_ITEM), "application/xml", blob, package)
    # A fixed identity from the summary, so two exports are the same bytes.
    front = document.front_matter
    identity = uuid.uuid5(uuid.NAMESPACE_URL, f"{NAMESPACE}:{front.hub}:{front.year}")
    properties = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<ds:datastoreItem ds:itemID="{{{str(identity).upper()}}}" '
        f'xmlns:ds="{_DS}"><ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/>'
        "</ds:schemaRefs></ds:datastoreItem>"
    ).encode()
    name = package.next_partname(_PROPERTIES)
    item.relate_to(
        Part(name, _PROPERTIES_TYPE, properties, package), RT.CUSTOM_XML_PROPS
    )
    word.part.relate_to(item, RT.CUSTOM_XML)


def carried(word: Document) -> SummaryDocument | None:
    """The record a document exported from the site carries; None if it has none."""
    for relationship in word.part.rels.values():
        if relationship.reltype != RT.CUSTOM_XML or relationship.is_external:
            continue
        try:
            root = ElementTree.fromstring(relationship.target_part.blob)
        except ElementTree.ParseError:
            continue
        if root.tag != f"{{{NAMESPACE}}}summary":
            continue
        try:
            data = json.loads(root.text or "")
            if data.get("format") != FORMAT:
                return None
            return document_from_data(data)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # damaged: the visible text is imported, as for any document
    return None
