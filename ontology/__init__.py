"""kg's ontology files, installed as the package ``kg.ontology`` (read with :mod:`importlib.resources`).

``kg.ttl`` (OWL, aligned to schema.org, SEM, PROV-O, SKOS, OWL-Time), ``shapes.ttl`` (SHACL) and
``context.jsonld`` (the JSON-LD context of ``kg export --format json-ld``). They stay at the top of the
checkout; ``pyproject.toml`` maps this folder to ``kg.ontology`` for both normal and editable installs.
"""
