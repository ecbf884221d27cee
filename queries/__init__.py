"""kg's saved analyst queries (``*.rq``), installed as the package ``kg.queries`` and run with ``kg query --name NAME``.

They stay at the top of the checkout in ``queries/``; ``pyproject.toml`` maps this folder to ``kg.queries``.
"""
