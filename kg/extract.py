"""Extraction: run the NLP pipeline over documents and return plain records.

The step between NLP and resolution. ``nlp.pipe`` batches the corpus; each
``Doc``'s ``._.kg_*`` results become a :class:`~kg.records.DocumentRecords`
whose evidence offsets point into the original article text.

>>> from kg.ingest import document_from_text
>>> recs = extract_documents([document_from_text("d", "Qatar brokered talks between Israel and Hamas.")])  # doctest: +SKIP
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from spacy.tokens import Doc

from .ingest import Document
from .nlp import load_pipeline
from .nlp.truecase import restore_case, truecase_headlines
from .records import DocumentRecords, Evidence, Relation


def _map(ev: Evidence, document: Document, parsed: str | None = None) -> Evidence:
    """``ev`` in the article's own offsets, its sentence spelled as the article spells it.

    ``parsed`` is the text the pipeline read, when headline truecasing changed it."""
    start, end = document.original_span(ev.start, ev.end)
    sentence = ev.sentence if parsed is None else restore_case(ev.sentence, parsed, document.text, ev.start)
    return replace(ev, doc_id=document.doc_id, start=start, end=end, sentence=sentence)


def records_from_doc(doc: Doc, document: Document) -> DocumentRecords:
    """Turn one processed ``Doc`` into records with evidence in original-text offsets."""
    table = doc._.kg_table
    parsed = doc.text if doc.text != document.text else None  # headlines truecased before parsing
    rec = DocumentRecords(doc_id=document.doc_id, sha256=document.sha256, title=document.title,
                          url=document.url, published=document.published, path=document.path)
    for ent in table.entities.values():
        ent.evidence = [_map(e, document, parsed) for e in ent.evidence]
        rec.entities.append(ent)
    for m in doc._.kg_meetings or []:
        m.evidence = [_map(e, document, parsed) for e in m.evidence]
        rec.meetings.append(m)
    for rel in list(doc._.kg_affiliations or []) + list(doc._.kg_relations or []):
        rec.relations.append(Relation(rel.subject, rel.predicate, rel.object, _map(rel.evidence, document, parsed)))
    return rec


def extract_documents(documents: Iterable[Document], batch_size: int = 16,
                      progress: Callable[[Document], None] | None = None,
                      references: bool = True, linker: bool = True) -> Iterator[DocumentRecords]:
    """Yield the records of each document, processing the corpus in batches with ``nlp.pipe``.

    ``references`` and ``linker`` switch off reference resolution and the
    trained relation linker, to measure what each adds.
    """
    nlp = load_pipeline(references=references, linker=linker)

    def with_context() -> Iterator[tuple[str, Document]]:
        for d in documents:
            yield d.text, d

    for doc, document in nlp.pipe(_with_published(with_context(), nlp), as_tuples=True, batch_size=batch_size):
        if progress:
            progress(document)
        yield records_from_doc(doc, document)


def _with_published(items: Iterator[tuple[str, Document]], nlp) -> Iterator[tuple[Doc, Document]]:
    """Make a ``Doc`` carrying its publication date, so components can resolve "on Thursday"."""
    for text, document in items:
        doc = nlp.make_doc(truecase_headlines(text))
        doc._.kg_published = document.published
        yield doc, document
