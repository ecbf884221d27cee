r"""SPARQL text as both parsers must read it: one canonical form, checked and run byte for byte.

The guard (rdflib's parser) and the engine (Oxigraph's) are two parsers. Where
they read the same bytes differently, the guard checks one query and the engine
runs another: rdflib ends a ``#`` comment at a line feed only, Oxigraph (and the
SPARQL grammar) at a carriage return too, so ``#\rSERVICE <...>`` is a comment
to one and a live federated call to the other; rdflib expands ``\u`` escapes
over the whole text before parsing, Oxigraph only inside strings and IRIs, so
``<http://x/\u003E'>`` is one IRI to Oxigraph and an IRI plus the start of a
string to rdflib. :func:`canonical` removes what the two may disagree on
before either sees the query:

* comments are dropped (the line break that ends them stays, so line numbers hold);
* every line break outside a string becomes ``\n``;
* strings and IRIs are rewritten with their values spelt out, without any
  codepoint escape; a string's quotes, backslashes and carriage returns become
  the ECHAR escapes both read alike;
* a ``\u`` escape anywhere else is refused (:class:`UnsafeText`).

The result has no raw carriage return, no comment and no codepoint escape, and
it is that text the guard parses and the engine runs. :func:`bare_keywords`
lists the words outside IRIs and strings, for a check that does not depend on
either parse tree.

>>> canonical("SELECT * WHERE { #\rSERVICE <http://x/> { ?s ?p ?o }\n}")
'SELECT * WHERE { \nSERVICE <http://x/> { ?s ?p ?o }\n}'
>>> canonical('ASK { ?s ?p "# not a comment" } # a comment')
'ASK { ?s ?p "# not a comment" } '
>>> canonical(r'ASK { ?s <http://x/\u0061> "\u0041" }')
'ASK { ?s <http://x/a> "A" }'
>>> "SERVICE" in bare_keywords('ASK { ?s ?p "SERVICE" ; <http://x/SERVICE> ?service }')
False
"""
from __future__ import annotations

import re
from collections.abc import Iterator

# SPARQL 1.1 terminals (section 19.8); a token that is none of these is passed through unchanged
_TOKENS = re.compile(r"""
    (?P<iri>    <(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*> )
  | (?P<long>   '''(?:(?:'|'')?(?:[^'\\]|\\.))*''' | \"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\" )
  | (?P<short>  '(?:[^'\\\n\r]|\\.)*' | "(?:[^"\\\n\r]|\\.)*" )
  | (?P<comment> \#[^\r\n]* )
  | (?P<ws>     [\ \t\r\n]+ )
  | (?P<word>   [^<'"\#\ \t\r\n]+ )
  | (?P<char>   [\s\S] )
""", re.VERBOSE | re.DOTALL)

# a keyword standing alone: not part of a prefixed name, variable, blank node, language tag or local name
_KEYWORD = re.compile(r"(?<![\w:?$@.\-\\])([A-Za-z]+)(?![\w:\-])")
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')
SERVICE_REFUSED = ("SERVICE is refused: federated queries would let the server send requests to other addresses; "
                   "query the local graph only")


class UnsafeText(ValueError):
    """Text the two parsers could read differently and that has no canonical form; ``service`` if it spells SERVICE."""

    def __init__(self, message: str, service: bool = False):
        super().__init__(message)
        self.service = service


def tokens(sparql: str) -> Iterator[tuple[str, str]]:
    """``(kind, text)`` pairs covering ``sparql`` exactly: iri, long, short, comment, ws, word, char.

    >>> [k for k, _ in tokens("ASK{<a>'b'}#c")]
    ['word', 'iri', 'short', 'word', 'comment']
    """
    for m in _TOKENS.finditer(sparql):
        yield m.lastgroup or "char", m.group()


def _code_point(m: re.Match) -> str:
    cp = int(m.group(1) or m.group(2), 16)
    if 0xD800 <= cp <= 0xDFFF or cp > 0x10FFFF:
        raise UnsafeText(f"{m.group()} is not a Unicode character; remove the escape")
    return chr(cp)


def _string_value(token: str) -> str:
    """The value a string token spells, its escapes resolved.

    >>> _string_value(r"'a\\\\\u0043'")
    'a\\\\C'
    """
    quote = 3 if token[:3] in ("'''", '"""') else 1
    body, out, i = token[quote:-quote], [], 0
    while i < len(body):
        if body[i] != "\\":
            out.append(body[i])
            i += 1
            continue
        m = _UCHAR.match(body, i)
        if m:
            out.append(_code_point(m))
            i = m.end()
        elif body[i + 1:i + 2] in _ECHAR:
            out.append(_ECHAR[body[i + 1]])
            i += 2
        else:
            raise UnsafeText(f"malformed escape {body[i:i + 2]!r} in a string; write a backslash as \\\\")
    return "".join(out)


def _string_token(value: str) -> str:
    """A string token spelling ``value`` with no codepoint escape (so no parser's escape pass can change it).

    >>> print(_string_token('say "hi"\\r\\n'))
    \"\"\"say \\"hi\\"\\r
    \"\"\"
    """
    text = value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
    if _UCHAR.search(text):
        raise UnsafeText("a string holding a backslash followed by u and hex digits is read differently by "
                         "SPARQL parsers; write it with CONCAT and another character")
    return f'"""{text}"""' if "\n" in text else f'"{text}"'


def _iri_token(token: str) -> str:
    iri = _UCHAR.sub(_code_point, token[1:-1])
    if _IRI_FORBIDDEN.search(iri):
        raise UnsafeText(f"the IRI {token} spells, with an escape, a character IRIs cannot hold (<, >, quotes, "
                         "braces, |, ^, `, backslash or a space); remove it")
    return f"<{iri}>"


def canonical(sparql: str) -> str:
    r"""``sparql`` in the one form both parsers read alike (see the module's docstring).

    >>> canonical("ASK {\r\n  ?s ?p '''a\rb''' }")
    'ASK {\n  ?s ?p "a\\rb" }'
    >>> canonical(r"ASK { \u0053ERVICE <http://x/> {} }")
    Traceback (most recent call last):
    ...
    kg.sparql_text.UnsafeText: SERVICE is refused: federated queries would let the server send requests to other addresses; query the local graph only
    """
    out = []
    for kind, text in tokens(sparql):
        if kind == "comment":
            continue
        if kind == "ws":
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        elif kind in ("long", "short"):
            text = _string_token(_string_value(text))
        elif kind == "iri":
            text = _iri_token(text)
        elif _UCHAR.search(text):
            if "SERVICE" in bare_keywords(_UCHAR.sub(_code_point, text)):
                raise UnsafeText(SERVICE_REFUSED, service=True)
            raise UnsafeText(f"codepoint escapes outside strings and IRIs ({text!r}) are read differently by SPARQL "
                             "parsers; write the characters themselves")
        out.append(text)
    result = "".join(out)
    if "\r" in result or _UCHAR.search(result):  # cannot happen: every token kind was rewritten or refused above
        raise AssertionError("canonical SPARQL kept a carriage return or a codepoint escape")
    return result


def bare_keywords(sparql: str) -> set[str]:
    """The upper-cased words of ``sparql`` outside IRIs, strings and comments.

    >>> sorted(bare_keywords("select ?s where { ?s a ex:Service } # SERVICE"))
    ['A', 'SELECT', 'WHERE']
    """
    words: set[str] = set()
    for kind, text in tokens(sparql):
        if kind == "word":
            words.update(m.group(1).upper() for m in _KEYWORD.finditer(text))
    return words
