"""Vocabulary: the namespaces and SPARQL prefixes of kg's graph.

This module imports nothing of the pipeline, so the store, the query layer,
the server and the network view get their prefixes without depending on
extraction or resolution.

>>> PREFIXES["kg"] == KG
True
>>> KG
'https://w3id.org/kg-news/ontology#'
"""
from __future__ import annotations

BASE = "https://w3id.org/kg-news/"
KG = BASE + "ontology#"
ID = BASE + "id/"
KIND = BASE + "kind/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
OWL = "http://www.w3.org/2002/07/owl#"

PREFIXES = {
    "kg": KG, "kgid": ID, "kind": KIND, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS,
    "prov": PROV, "dct": DCT, "schema": SCHEMA, "owl": OWL,
}
